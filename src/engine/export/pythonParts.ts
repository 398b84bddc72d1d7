/**
 * Python shared by the generated scripts (the PyTorch export, pytorchScript.ts, and the Optuna study
 * export, optunaScript.ts): one copy of OptiPlay's network, fake quantization, MNIST IDX reader, optimizer
 * settings, learning-rate schedules and training step, so both scripts train exactly as the PyTorch
 * export's tests check against the engine. Each fragment is top-level Python that needs
 * `import gzip, math, os, struct, sys`, `torch`, `torch.nn as nn`, `torch.nn.functional as F` and the
 * constants of PY_CONSTANTS; fragments end with a newline and are joined with two blank lines (pythonJoin).
 */

/** Constants the fragments read: the scale floor and STE slack of quantization, and the activations. */
export const PY_CONSTANTS = String.raw`F32_EPS = 1.1920929e-07  # scales are floored here (REFERENCE.md "Quantization")
STE_SLACK = 1 / 1024  # the clipped straight-through estimator's slack, in quantization levels
ACTIVATIONS = {'relu': torch.relu, 'tanh': torch.tanh, 'sigmoid': torch.sigmoid, 'linear': lambda x: x}
`;

/** fail(msg): exits with "error: msg". */
export const PY_FAIL = String.raw`def fail(msg):
    sys.exit('error: ' + msg)
`;

/** class MLP(spec): layers[l] = nn.Linear, OptiPlay's activations, a linear output; forward(x, weights=None). */
export const PY_MLP = String.raw`class MLP(nn.Module):
    """OptiPlay's network: layers[l] = nn.Linear(in, out) (weight [out, in]), activation between layers, linear output."""

    def __init__(self, spec):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(L['inDim'], L['outDim']) for L in spec['layers'])
        self.activations = [L['activation'] for L in spec['layers']]

    def forward(self, x, weights=None):
        """x: [N, in] -> raw outputs [N, out]; weights: per layer [out, in] used instead of layer.weight (quantized)."""
        for l, (layer, act) in enumerate(zip(self.layers, self.activations)):
            x = ACTIVATIONS[act](F.linear(x, layer.weight if weights is None else weights[l], layer.bias))
        return x
`;

/** fake_quantize(w, bits, scheme, per_channel) and quantized_weights(model, quant). */
export const PY_QUANTIZE = String.raw`def fake_quantize(w, bits, scheme, per_channel):
    """Fake quantization of w [out, in] as the playground does it; gradients take the clipped straight-through path."""
    if bits >= 32:
        return w
    x = w.detach()
    rows = x if per_channel else x.reshape(1, -1)
    if bits == 1:  # sign(w) * mean|w| per channel (or tensor); gradients pass
        s = rows.abs().mean(dim=1, keepdim=True).clamp_min(F32_EPS)
        return (torch.sign(rows) * s).reshape(x.shape) + (w - x)
    h = 2 ** (bits - 1)
    qmin, qmax = (-(h - 1), h - 1) if scheme == 'symmetric' else (-h, h - 1)
    mn, mx = rows.min(dim=1, keepdim=True).values, rows.max(dim=1, keepdim=True).values
    if scheme == 'symmetric':
        s, z = (torch.maximum(-mn, mx) / qmax).clamp_min(F32_EPS), torch.zeros_like(mn)
    else:  # affine: the range widened to include 0
        s = ((mx.clamp_min(0) - mn.clamp_max(0)) / (qmax - qmin)).clamp_min(F32_EPS)
        z = (qmin - torch.round(mn.clamp_max(0) / s)).clamp(qmin, qmax)
    v = rows / s  # torch.round rounds half to even, as the playground does
    q = ((torch.clamp(torch.round(v) + z, qmin, qmax) - z) * s).reshape(x.shape)
    inside = (((v + z) >= qmin - STE_SLACK) & ((v + z) <= qmax + STE_SLACK)).reshape(x.shape).to(w.dtype)
    return q + (w - x) * inside


def quantized_weights(model, quant):
    if quant is None:
        return None
    return [fake_quantize(layer.weight, b, quant['scheme'], quant['perChannel']) for layer, b in zip(model.layers, quant['bits'])]
`;

/** read_idx(dirs, name, count) and mnist(dirs, split, count): MNIST from the IDX files (.gz too). */
export const PY_MNIST = String.raw`def read_idx(dirs, name, count):
    for d in dirs:
        for stem in (name, name.replace('-idx', '.idx')):
            for path in (os.path.join(d, stem), os.path.join(d, stem + '.gz')):
                if os.path.exists(path):
                    with (gzip.open if path.endswith('.gz') else open)(path, 'rb') as f:
                        raw = f.read()
                    zero, kind, ndim = struct.unpack('>HBB', raw[:4])
                    dims = struct.unpack('>' + 'I' * ndim, raw[4:4 + 4 * ndim])
                    if zero != 0 or kind != 8 or count > dims[0]:
                        fail(f'{path} is not an IDX file of unsigned bytes with at least {count} items')
                    per = math.prod(dims[1:])
                    data = bytearray(raw[4 + 4 * ndim:4 + 4 * ndim + count * per])
                    return torch.frombuffer(data, dtype=torch.uint8).reshape(count, per)
    fail(f'MNIST file {name} (or {name}.gz) not found in {", ".join(dirs)}; download MNIST and pass --data DIR')


def mnist(dirs, split, count):
    """The first count digits: x [count, 784] = pixel / 255 (float32), y [count, 10] one-hot."""
    x = read_idx(dirs, f'{split}-images-idx3-ubyte', count).float() / 255
    y = F.one_hot(read_idx(dirs, f'{split}-labels-idx1-ubyte', count).reshape(-1).long(), 10).float()
    return x, y
`;

/**
 * lr_at(c, step), make_optimizer(params, c), param_names(model), batches(n, batch, gen) and
 * train_step(model, opt, c, quant, masks, x, y, idx, step): one training step as the engine takes it.
 */
export const PY_TRAINING = String.raw`def lr_at(c, step):
    """The learning rate for the step after step completed steps (OptiPlay's schedules)."""
    base, t = c['learningRate'], max(0, int(step))
    if c['schedule'] == 'step':
        return base * c['gamma'] ** (t // max(1, int(c['stepSize'])))
    if c['schedule'] == 'cosine':
        T, floor = max(1, int(c['totalSteps'])), base * min(1, max(0, c['minLrFactor']))
        return floor + (base - floor) * (1 + math.cos(math.pi * min(t, T) / T)) / 2
    if c['schedule'] == 'warmup':
        W = int(c['warmupSteps'])
        return base if W <= 1 else base * min(1, (t + 1) / W)
    return base


def make_optimizer(params, c):
    """torch.optim with OptiPlay's settings. Regularization is added to the gradients in train(), not here."""
    o, lr, betas = c['optimizer'], c['learningRate'], (c['beta1'], c['beta2'])
    if o == 'momentum':
        opt = torch.optim.SGD(params, lr=lr, momentum=c['momentum'], nesterov=c['nesterov'] and c['momentum'] > 0)
        for g in opt.param_groups:  # torch refuses Nesterov with dampening at construction; its update applies both as OptiPlay does
            g['dampening'] = c['dampening']  # (with momentum 0 torch skips the buffer, so dampening has no effect there)
        return opt
    if o == 'rmsprop':  # OptiPlay keeps RMSprop's alpha in beta2
        return torch.optim.RMSprop(params, lr=lr, alpha=c['beta2'], eps=c['epsilon'], centered=c['centered'])
    if o == 'adagrad':
        return torch.optim.Adagrad(params, lr=lr, eps=c['epsilon'])
    if o == 'adam':
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=c['epsilon'])
    if o == 'adamw':
        return torch.optim.AdamW(params, lr=lr, betas=betas, eps=c['epsilon'], weight_decay=c['weightDecay'])
    return torch.optim.SGD(params, lr=lr)


def param_names(model):
    for l, layer in enumerate(model.layers):
        yield f'layers.{l}.weight', layer.weight
        yield f'layers.{l}.bias', layer.bias

def batches(n, batch, gen):
    """Endless row indices of the training batches: every row in order when batch >= n, else shuffled epochs (torch's RNG)."""
    order, pos = torch.randperm(n, generator=gen), 0
    while True:
        if batch >= n:
            yield torch.arange(n)
            continue
        if pos >= n:
            order, pos = torch.randperm(n, generator=gen), 0
        idx, pos = order[pos:pos + batch], pos + batch
        yield idx


def train_step(model, opt, c, quant, masks, x, y, idx, step):
    """One step on the rows idx at the rate scheduled for step (steps since the schedule started); returns the batch loss.
    A param group's lr_factor (frozen and transferred layers) scales its rate."""
    for g in opt.param_groups:
        g['lr'] = lr_at(c, step) * g.get('lr_factor', 1)
    aware = quant is not None and quant['mode'] == 'aware'
    out = model(x[idx], quantized_weights(model, quant) if aware else None)
    # cross-entropy: softmax CE, mean over the batch; MSE: mean over the batch and the outputs
    loss = F.cross_entropy(out, y[idx].argmax(dim=1)) if c['loss'] == 'crossentropy' else F.mse_loss(out, y[idx])
    opt.zero_grad()
    loss.backward()
    lam = c['regularizationRate']
    with torch.no_grad():
        for _, p in param_names(model):  # coupled regularization: L2 g += lam*w, L1 g += lam*sign(w)
            if p.grad is None:  # a frozen layer
                continue
            if c['regularization'] == 'l2':
                p.grad.add_(p, alpha=lam)
            elif c['regularization'] == 'l1':
                p.grad.add_(torch.sign(p), alpha=lam)
        for layer, m in zip(model.layers, masks):
            if m is not None and layer.weight.grad is not None:
                layer.weight.grad.mul_(m)
    opt.step()
    with torch.no_grad():  # pruned weights and their optimizer state stay exactly 0
        for layer, m in zip(model.layers, masks):
            if m is not None:
                layer.weight.mul_(m)
                for v in opt.state[layer.weight].values():
                    if torch.is_tensor(v) and v.shape == m.shape:
                        v.mul_(m)
    return loss
`;

/** Top-level Python pieces joined as PEP 8 spaces them (two blank lines). */
export function pythonJoin(...parts: string[]): string {
  return parts.map((p) => p.replace(/\n+$/, '')).join('\n\n\n') + '\n';
}

/**
 * The Optuna script's own Python (optunaScript.ts writes the constants above it and joins it after the
 * PyTorch export's shared parts, pythonParts.ts): the trial's config, a port of the engine's generator and
 * batch sampler, pruning and model size as the engine computes them, the objective that reports at the
 * rung steps, and main (storage, sampler, pruner, the best trial's line). Plain text, no interpolation.
 */
/** The study's own Python: trial configs, the engine's generator, pruning, model size, the objective and main. */
export const PY_STUDY = String.raw`def trial_config(params):
    """The base config with the trial's values written in, clamped as OptiPlay's field table does
    (engine/search/trialConfig.ts: 'width' sets every hidden layer, 'sparsity' prunes gradually by
    magnitude, 'bits' trains quantization-aware)."""
    c = dict(BASE)
    for name, v in params.items():
        lim = LIMITS[name]
        if 'options' in lim:
            if v not in lim['options']:
                fail(f'{name} cannot be {v!r} (one of {", ".join(lim["options"])})')
        else:
            v = min(lim['max'], max(lim['min'], float(v)))
            v = int(math.floor(v + 0.5)) if lim['int'] else v
        if name == 'width':
            c['hidden'] = [v] * max(1, len(BASE['hidden']))
        elif name == 'sparsity':
            c.update(PRUNE_SCHEDULE, prune=True, sparsity=v)
        elif name == 'bits':
            c.update(quantize=True, bits=v, quantMode='aware', layerBits=[])
        else:
            c[name] = v
    return c


class Rng:
    """OptiPlay's generator (engine/rng.ts): mulberry32 uniforms, Box-Muller normals."""

    def __init__(self, seed):
        self.a, self.spare = (int(seed) & 0xFFFFFFFF) ^ 0x9E3779B9, None

    def next(self):
        self.a = (self.a + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.a
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def normal(self):
        if self.spare is not None:
            s, self.spare = self.spare, None
            return s
        u = 0.0
        while u == 0.0:
            u = self.next()
        v = self.next()
        r = math.sqrt(-2 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)

    def permutation(self, n):
        """Fisher-Yates over 0..n-1, as engine/rng.ts shuffle."""
        a = list(range(n))
        for i in range(n - 1, 0, -1):
            j = int(self.next() * (i + 1))
            a[i], a[j] = a[j], a[i]
        return a


class BatchSampler:
    """OptiPlay's batch order (engine/sampler.ts): a seeded permutation per epoch cut into batches."""

    def __init__(self, n, seed):
        self.n, self.pos, self.rng = n, 0, Rng(seed * 48271 + 11)
        self.order = self.rng.permutation(n)

    def next(self, batch):
        if batch >= self.n:
            return torch.arange(self.n)
        if self.pos >= self.n:
            self.order, self.pos = self.rng.permutation(self.n), 0
        end = min(self.n, self.pos + batch)
        idx = torch.tensor(self.order[self.pos:end])
        self.pos = end
        if self.pos >= self.n:
            self.order, self.pos = self.rng.permutation(self.n), 0
        return idx


def spec_for(c):
    widths = [INPUT_DIM] + list(c['hidden']) + [OUTPUT_DIM]
    n = len(widths) - 1
    return {'inputDim': INPUT_DIM, 'layers': [{'inDim': widths[l], 'outDim': widths[l + 1], 'activation': 'linear' if l == n - 1 else c['activation']} for l in range(n)]}


def init_weights(model, seed):
    """OptiPlay's initialisation (engine/model): He normal for ReLU layers, LeCun normal otherwise, zero biases."""
    rng = Rng(seed * 7919 + 3)
    with torch.no_grad():
        for layer, act in zip(model.layers, model.activations):
            std = math.sqrt((2 if act == 'relu' else 1) / layer.in_features)
            w = [std * rng.normal() for _ in range(layer.weight.numel())]
            layer.weight.copy_(torch.tensor(w, dtype=torch.float32).reshape(layer.weight.shape))
            layer.bias.zero_()


def layer_groups(model, c):
    """Frozen layers (no update) and the transferred layers' rate factor, as engine/model/groups.ts."""
    layers = len(model.layers)
    frozen = max(0, min(layers - 1, int(c['frozenLayers'])))
    groups = []
    for l, layer in enumerate(model.layers):
        if l < frozen:
            layer.requires_grad_(False)
        else:
            groups.append({'params': [layer.weight, layer.bias], 'lr_factor': 1 if l == layers - 1 else c['transferLr']})
    return groups


def quant_of(c, layers):
    """The quantization in force (bits per layer: 'Bits per layer' where set, else 'Bits'), or None."""
    if not c['quantize']:
        return None
    lb = c['layerBits']
    bits = [lb[l] if l < len(lb) and lb[l] != 0 else c['bits'] for l in range(layers)]
    return {'bits': bits, 'scheme': c['quantScheme'], 'perChannel': c['granularity'] == 'per-channel', 'mode': c['quantMode']}


def prune_plan(c):
    """The pruning episode of a run that prunes from its start (engine/compressor.ts), or None."""
    if not c['prune']:
        return None
    gradual = c['pruneSchedule'] == 'gradual'
    return {'start': int(c['pruneStart']), 'gradual': gradual, 'every': max(1, int(c['pruneEvery'])),
            'intervals': int(math.floor(c['pruneSteps'] / c['pruneEvery'] + 0.5)) if gradual else 0,
            'final': c['sparsity'], 'scope': 'global' if c['pruneMethod'] == 'global-magnitude' else 'layer'}


def gradual_sparsity(t, p):
    """Zhu & Gupta's cubic schedule from 0 to the final sparsity (engine/pruneSchedule.ts)."""
    span = p['intervals'] * p['every']
    if t < p['start']:
        return 0.0
    if t >= p['start'] + span:
        return p['final']
    r = 1 - (t - p['start']) / span
    return p['final'] * (1 - r * r * r)


def magnitude_prune(model, masks, target, scope):
    """Prunes the smallest |w| (ties: the lower index) until each group (scope 'layer': every W; 'global': all
    W as one) has the target share pruned; biases are never pruned. True when weights were newly pruned."""
    layers = list(model.layers)
    groups = [[l] for l in range(len(layers))] if scope == 'layer' else [list(range(len(layers)))]
    newly = False
    with torch.no_grad():
        for g in groups:
            w = torch.cat([layers[l].weight.reshape(-1) for l in g])
            m = torch.cat([(masks[l] if masks[l] is not None else torch.ones_like(layers[l].weight)).reshape(-1) for l in g])
            n = w.numel()
            live = torch.nonzero(m != 0).reshape(-1)
            k = round(float(torch.tensor(target, dtype=torch.float32) * n)) - (n - live.numel())
            k = max(0, min(live.numel(), k))
            if k > 0:
                order = torch.sort(w[live].abs(), stable=True).indices
                m[live[order[:k]]] = 0
                newly = True
            at = 0
            for l in g:
                size = layers[l].weight.numel()
                masks[l] = m[at:at + size].reshape(layers[l].weight.shape).clone()
                layers[l].weight.mul_(masks[l])
                at += size
    return newly


def sparse_bits(positions, n, value_bits):
    """The smallest sparse encoding of the non-zero positions, in bits (engine/modelSize.ts sparseBits)."""
    best = n + positions.numel() * value_bits  # bitmap
    gaps = torch.diff(positions, prepend=positions.new_tensor([-1]))
    for p in range(1, 9):  # relative indices of p bits; a longer gap costs padding entries
        span = 2 ** p
        entries = int(((gaps + span - 1) // span).sum())
        best = min(best, entries * (value_bits + p))
    return best


def model_bytes(model, masks, quant):
    """The stored size now, as engine/modelSize.ts counts it: per layer the smaller of dense (bits per weight,
    a scale per tensor or row, an affine zero point) and sparse (when pruned); float32 biases."""
    total = 0
    for l, layer in enumerate(model.layers):
        out_dim, n = layer.weight.shape[0], layer.weight.numel()
        bits = quant['bits'][l] if quant else 32
        channels = out_dim if quant and quant['perChannel'] else 1
        side = 0 if bits == 32 else 4 * channels + (channels if quant['scheme'] == 'affine' and bits > 1 else 0)
        dense = math.ceil(bits * n / 8) + side + 4 * out_dim
        best = dense
        if masks[l] is not None:
            positions = torch.nonzero(masks[l].reshape(-1)).reshape(-1).cpu()
            best = min(dense, math.ceil(sparse_bits(positions, n, bits) / 8) + side + 4 * out_dim)
        total += best
    return total


class Run:
    """One trial's training run with one seed: the playground's Trainer for lane 0, in PyTorch."""

    def __init__(self, c, seed, data, dev):
        self.c, self.dev = c, dev
        (self.x, self.y), (self.test_x, self.test_y) = data
        self.model = MLP(spec_for(c))
        init_weights(self.model, seed)
        self.model.to(dev)
        self.initial = [p.detach().clone() for p in self.model.parameters()]
        self.opt = make_optimizer(layer_groups(self.model, c), c)
        layers = len(self.model.layers)
        self.masks, self.quant = [None] * layers, quant_of(c, layers)
        self.prune, self.last_event, self.pruned, self.rewound = prune_plan(c), -1, False, False
        self.batch = max(1, min(int(c['batchSize']), self.x.shape[0]))
        self.sampler = BatchSampler(self.x.shape[0], seed)
        self.t = 0
        if c['omitDigit'] != 'none' and c['biasShift'] != 0:  # the class bias shift, applied before the first step
            with torch.no_grad():
                self.model.layers[-1].bias[int(c['omitDigit'])] += c['biasShift']

    def compress(self):
        """The pruning event due before the step after t steps (one-shot at its start, or the gradual schedule)."""
        p = self.prune
        if p is None or self.t < p['start']:
            return
        index = min(p['intervals'], (self.t - p['start']) // p['every'])
        if index <= self.last_event:
            return
        self.last_event = index
        target = gradual_sparsity(p['start'] + index * p['every'], p) if p['gradual'] else p['final']
        if magnitude_prune(self.model, self.masks, target, p['scope']):
            self.pruned = True
        if index == p['intervals'] and self.c['rewind'] and self.pruned and not self.rewound:
            self.rewound = True  # lottery ticket: the initial weights x mask; the optimizer starts again
            with torch.no_grad():
                for p0, p1 in zip(self.model.parameters(), self.initial):
                    p0.copy_(p1)
                for layer, m in zip(self.model.layers, self.masks):
                    if m is not None:
                        layer.weight.mul_(m)
            self.opt = make_optimizer(layer_groups(self.model, self.c), self.c)

    def step(self):
        self.compress()
        train_step(self.model, self.opt, self.c, self.quant, self.masks, self.x, self.y, self.sampler.next(self.batch), self.t)
        self.t += 1

    def evaluate(self):
        """-> (objective, test loss) on the whole test set, with the weights the playground evaluates."""
        with torch.no_grad():
            out = self.model(self.test_x, quantized_weights(self.model, self.quant))
            if self.c['loss'] == 'crossentropy':
                loss = F.cross_entropy(out, self.test_y.argmax(dim=1)).item()
            else:
                loss = F.mse_loss(out, self.test_y).item()
            if OBJECTIVE == 'test-loss':
                return loss, loss
            acc = 100 * (out.argmax(dim=1) == self.test_y.argmax(dim=1)).float().mean().item()
        if OBJECTIVE == 'accuracy-at-size' and model_bytes(self.model, self.masks, self.quant) > SIZE_LIMIT_BYTES:
            acc = 0.0
        return acc, loss


def objective(trial, data, dev):
    c = trial_config(suggest(trial))
    seeds = [int(c['seed']) + j for j in range(SEEDS_PER_CONFIG)]
    trial.set_user_attr('seeds', seeds)
    runs = [Run(c, s, data, dev) for s in seeds]
    value = float('nan')
    for step in range(1, STEPS + 1):
        for run in runs:
            run.step()
        if step not in EVAL_STEPS:
            continue
        scores = [run.evaluate() for run in runs]
        value = sum(v for v, _ in scores) / len(scores)
        if not all(math.isfinite(v) and math.isfinite(loss) for v, loss in scores):
            trial.set_user_attr('error', f'the loss became non-finite by step {step}: the rate is too high for this model')
            return float('nan')  # Optuna records the trial as failed
        trial.report(value, step)
        if step < STEPS and trial.should_prune():
            raise optuna.TrialPruned()
    if OBJECTIVE == 'accuracy-at-size':
        trial.set_user_attr('bytes', model_bytes(runs[0].model, runs[0].masks, runs[0].quant))
    return value


def load_data(args, dev):
    """-> ((train x, train y), (test x, test y)) on the device; y one-hot (classes) or the value to predict."""
    if DATA is not None:
        t = lambda k, d: torch.tensor(DATA[k], dtype=torch.float32).reshape(-1, d).to(dev)
        return (t('train_x', INPUT_DIM), t('train_y', OUTPUT_DIM)), (t('test_x', INPUT_DIM), t('test_y', OUTPUT_DIM))
    here = [os.getcwd(), HERE]
    dirs = [args.data] if args.data else [os.path.join(b, d) for b in here for d in ('mnist', os.path.join('MNIST', 'raw'), 'data')]
    lo, hi = {'all': (0, 9), '0-4': (0, 4), '5-9': (5, 9)}[BASE['classes']]
    omit = -1 if BASE['omitDigit'] == 'none' else int(BASE['omitDigit'])  # left out of the training digits only
    if (lo, hi, omit) == (0, 9, -1):
        train = mnist(dirs, 'train', min(BASE['samples'], 60000))
        test = mnist(dirs, 't10k', min(10000, train[0].shape[0]))
    else:  # a transfer task's digits, in file order (engine/mnist.ts mnistClasses)
        def pick(split, total, out):
            x, y = mnist(dirs, split, total)
            label = y.argmax(dim=1)
            keep = (label >= lo) & (label <= hi) & (label != out)
            return x[keep], y[keep]
        tx, ty = pick('train', 60000, omit)
        n = min(BASE['samples'], tx.shape[0])
        train = (tx[:n], ty[:n])
        vx, vy = pick('t10k', 10000, -1)
        test = (vx[:min(vx.shape[0], n)], vy[:min(vx.shape[0], n)])
    return (train[0].to(dev), train[1].to(dev)), (test[0].to(dev), test[1].to(dev))


def main():
    ap = argparse.ArgumentParser(description='Run the OptiPlay study with Optuna (shared storage: many machines, one study).')
    ap.add_argument('--storage', default='sqlite:///optiplay-study.db', help='Optuna storage URL (default: sqlite:///optiplay-study.db)')
    ap.add_argument('--study-name', default=STUDY_NAME, help=f'default: {STUDY_NAME}')
    ap.add_argument('--n-trials', type=int, default=N_TRIALS, help=f'trials this process runs (default: {N_TRIALS})')
    ap.add_argument('--sampler-seed', type=int, help="default: the study's seed plus the trials already stored")
    ap.add_argument('--data', help='MNIST: folder with the IDX files (default: ./mnist, ./MNIST/raw, ./data)')
    ap.add_argument('--device', default='cpu')
    args = ap.parse_args()

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    dev = torch.device(args.device)
    data = load_data(args, dev)
    study = optuna.create_study(study_name=args.study_name, storage=args.storage, direction=DIRECTION,
                                pruner=make_pruner(), load_if_exists=True)
    before = len(study.get_trials(deepcopy=False))
    study.sampler = make_sampler(SAMPLER_SEED + before if args.sampler_seed is None else args.sampler_seed)
    print(f'study {args.study_name} ({study.direction.name.lower()}) in {args.storage}: {before} trials stored; running {args.n_trials} more')

    def said(study, t):
        value = 'none' if t.value is None else f'{t.value:.6g}'
        print(f'trial {t.number}: {t.state.name.lower()}, value {value}, params {json.dumps(t.params)}', flush=True)

    study.optimize(lambda t: objective(t, data, dev), n_trials=args.n_trials, callbacks=[said])
    trials = study.get_trials(deepcopy=False)
    count = lambda s: sum(1 for t in trials if t.state == s)
    S = optuna.trial.TrialState
    print(f'trials: {len(trials)} (complete {count(S.COMPLETE)}, pruned {count(S.PRUNED)}, failed {count(S.FAIL)})')
    if count(S.COMPLETE) == 0:
        print('best value: none (no trial completed)')
    else:
        print(f'best value: {study.best_value:.6g} params: {json.dumps(study.best_params)}')`;

/** Types for scripts/mnistAsset.mjs (the MNIST asset writer shared by the build script and the tests). */
export type MnistIdxRole = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';
export type MnistIdxBytes = Record<MnistIdxRole, Uint8Array>;

export declare const MNIST_ASSET_MAGIC: string;
export declare const MNIST_ASSET_VERSION: number;
export declare const MNIST_ASSET_HEADER_BYTES: number;
export declare const MNIST_IDX_FILES: Record<MnistIdxRole, { file: string; magic: number; count: number }>;
export declare function mnistIdxPaths(): Record<MnistIdxRole, string>;
export declare function readMnistIdxFiles(): MnistIdxBytes;
export declare function buildMnistAsset(idx: MnistIdxBytes): Uint8Array;

export declare const projectRoot: string;
export declare const webOutDir: string;
export declare function webBuildReason(root?: string): string | null;
export declare function ensureWebBuild(options?: { log?: (line: string) => void }): Promise<boolean>;
export declare function cleanEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

// npm's own install checks ship without types; only the platform check is used (tests/install).
declare module "npm-install-checks" {
  export function checkPlatform(
    target: { _id: string; os?: string[]; cpu?: string[]; libc?: string[] },
    force?: boolean,
    environment?: { os?: string; cpu?: string; libc?: string },
  ): void;
}

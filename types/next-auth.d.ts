import type { Role } from "@/lib/auth/roles";

declare module "next-auth" {
  interface Session {
    user: {
      id: string;
      orgId: string;
      role: Role;
      name: string;
      email: string;
      sessionVersion: number;
      signedInAt: number;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId?: string;
    orgId?: string;
    role?: Role;
    /** users.session_version when the session began; a bump ends the session. */
    sessionVersion?: number;
    /** Seconds since the epoch at sign-in; refreshing the token keeps it. */
    signedInAt?: number;
  }
}

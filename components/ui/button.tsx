"use client";

import Link from "next/link";
import { forwardRef, useId } from "react";
import { cn } from "./cn";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";
export type ButtonSize = "xs" | "sm" | "md";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-zinc-900 text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300",
  secondary:
    "border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 " +
    "dark:hover:bg-zinc-800",
  ghost: "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
  danger: "bg-red-600 text-white hover:bg-red-700 dark:bg-red-700 dark:hover:bg-red-600",
};

const SIZES: Record<ButtonSize, string> = {
  xs: "h-6 px-2 text-xs gap-1",
  sm: "h-7 px-2.5 text-xs gap-1.5",
  md: "h-8 px-3 text-sm gap-2",
};

export function buttonClasses(
  variant: ButtonVariant = "secondary",
  size: ButtonSize = "sm",
  className?: string,
): string {
  return cn(
    "inline-flex shrink-0 items-center justify-center whitespace-nowrap rounded-md font-medium transition-colors",
    "aria-disabled:cursor-not-allowed aria-disabled:opacity-50 disabled:cursor-not-allowed disabled:opacity-50",
    VARIANTS[variant],
    SIZES[size],
    className,
  );
}

export interface ButtonProps extends React.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /**
   * Why the control is unavailable to this user (e.g. deniedReason("manageFailures")). The button
   * stays focusable (aria-disabled, not disabled) so keyboard and screen-reader users can find
   * out why, and the reason is its tooltip and its accessible description.
   */
  disabledReason?: string | null;
  pending?: boolean;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  {
    variant = "secondary",
    size = "sm",
    disabledReason,
    pending,
    className,
    children,
    onClick,
    type = "button",
    disabled,
    ...rest
  },
  ref,
) {
  const reasonId = useId();
  const blocked = Boolean(disabledReason);
  return (
    <>
      <button
        {...rest}
        ref={ref}
        type={type}
        className={buttonClasses(variant, size, className)}
        aria-disabled={blocked || undefined}
        aria-describedby={blocked ? reasonId : rest["aria-describedby"]}
        title={disabledReason ?? rest.title}
        aria-busy={pending || undefined}
        disabled={disabled || pending}
        onClick={(event) => {
          if (blocked) {
            event.preventDefault();
            return;
          }
          onClick?.(event);
        }}
      >
        {pending ? <Spinner /> : null}
        {children}
      </button>
      {blocked ? (
        <span id={reasonId} className="sr-only">
          {disabledReason}
        </span>
      ) : null}
    </>
  );
});

export function ButtonLink({
  href,
  variant = "secondary",
  size = "sm",
  className,
  children,
  ...rest
}: { href: string; variant?: ButtonVariant; size?: ButtonSize; className?: string; children: React.ReactNode } & Omit<
  React.AnchorHTMLAttributes<HTMLAnchorElement>,
  "href"
>) {
  return (
    <Link href={href} className={buttonClasses(variant, size, className)} {...rest}>
      {children}
    </Link>
  );
}

export function Spinner({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn(
        "inline-block size-3 animate-spin rounded-full border-2 border-current border-r-transparent",
        className,
      )}
    />
  );
}

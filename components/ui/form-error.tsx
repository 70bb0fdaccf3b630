/** Why a form or dialog did not go through, announced at once; sits beside the buttons that retry it. */
export function FormError({ children }: { children: React.ReactNode }) {
  return (
    <p
      role="alert"
      className="rounded-md bg-red-50 px-2.5 py-1.5 text-xs text-red-700 dark:bg-red-950 dark:text-red-300"
    >
      {children}
    </p>
  );
}

import Link from "next/link";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-slate-100 to-slate-50 px-4 py-12">
      <Link href="/" className="mb-8 flex items-center gap-2 text-xl font-semibold text-slate-900">
        <svg aria-hidden viewBox="0 0 24 24" className="size-7 text-brand-600" fill="currentColor">
          <path d="M12 2l9 4.5v5.5c0 5-3.8 9.4-9 10-5.2-.6-9-5-9-10V6.5L12 2z" />
        </svg>
        Bulwark
      </Link>
      <main className="w-full max-w-md rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">{children}</main>
    </div>
  );
}

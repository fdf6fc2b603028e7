// The frame of the pages shown before anyone is signed in: the product's mark and one calm card.
import { useEffect, type ReactNode } from 'react';
import { BrandMark } from '../app/brand.tsx';

export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Adcockpit`;
  }, [title]);
  return (
    <div className="auth-page">
      <div className="auth-brand">
        <BrandMark />
        Adcockpit
      </div>
      <main className="auth-card">
        <h1>{title}</h1>
        {subtitle && <p className="auth-subtitle">{subtitle}</p>}
        {children}
      </main>
      {footer && <div className="auth-footer">{footer}</div>}
    </div>
  );
}

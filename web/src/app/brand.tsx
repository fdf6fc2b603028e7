// The product mark: a rising line on the accent colour.
export function BrandMark() {
  return (
    <span className="brand-mark" aria-hidden="true">
      <svg viewBox="0 0 16 16" width="14" height="14">
        <path
          d="M3 11.5l3.2-4 2.4 2.3L13 4.5"
          stroke="#fff"
          strokeWidth="1.8"
          fill="none"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </span>
  );
}

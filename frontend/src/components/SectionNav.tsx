import { NavLink } from 'react-router';

export interface SectionLink {
  to: string;
  label: string;
  /** Active only on exactly this path, not below it. */
  end?: boolean;
}

/** SectionNav links the pages of one area (settings, billing) as tabs; the current page is marked for assistive technology. */
export function SectionNav({ label, links }: { label: string; links: SectionLink[] }) {
  return (
    <nav aria-label={label} className="tab-list section-nav">
      {links.map((l) => (
        <NavLink key={l.to} to={l.to} end={l.end} className="tab">
          {l.label}
        </NavLink>
      ))}
    </nav>
  );
}

import { NavLink } from 'react-router-dom';
import { BrandMark, Icon, type IconName } from '../../components/icons';

interface NavItem {
  to: string;
  label: string;
  icon: IconName;
}

const DATA_ITEMS: NavItem[] = [
  { to: '/my-day', label: 'My day', icon: 'calendar' },
  { to: '/deals', label: 'Deals', icon: 'kanban' },
  { to: '/properties', label: 'Properties', icon: 'building' },
  { to: '/imports', label: 'Imports', icon: 'upload' },
  { to: '/leads', label: 'Leads', icon: 'target' },
];

/** Sections on the roadmap, listed so people see where the product is going. */
export const UPCOMING_SECTIONS: { label: string; icon: IconName; description: string }[] = [
  { label: 'Outreach', icon: 'send', description: 'Mail, text and call campaigns with every touch tracked.' },
  { label: 'Analytics', icon: 'chart', description: 'Pipeline, response rates and deal economics at a glance.' },
];

export function SidebarNav({ isAdmin }: { isAdmin: boolean }) {
  const workspaceItems: NavItem[] = [
    { to: '/users', label: 'Team', icon: 'users' },
    ...(isAdmin
      ? ([
          { to: '/api-keys', label: 'API keys', icon: 'key' },
          { to: '/audit', label: 'Audit log', icon: 'audit' },
          { to: '/settings/enrichment', label: 'Enrichment', icon: 'layers' },
          { to: '/settings/scoring', label: 'Scoring', icon: 'gauge' },
        ] satisfies NavItem[])
      : []),
    { to: '/settings/valuation', label: 'Valuation', icon: 'calculator' },
  ];

  return (
    <aside className="sidebar">
      <div className="sidebar-inner">
        <div className="sidebar-brand">
          <BrandMark />
          <span>Real Estate OS</span>
        </div>
        <nav aria-label="Main" className="sidebar-nav">
          <NavLink to="/" end className="nav-link">
            <Icon name="home" />
            Dashboard
          </NavLink>
          {DATA_ITEMS.map((item) => (
            <NavLink key={item.to} to={item.to} className="nav-link">
              <Icon name={item.icon} />
              {item.label}
            </NavLink>
          ))}
          <p className="nav-section-title">Workspace</p>
          {workspaceItems.map((item) => (
            <NavLink key={item.to} to={item.to} className="nav-link">
              <Icon name={item.icon} />
              {item.label}
            </NavLink>
          ))}
          <p className="nav-section-title">Coming soon</p>
          {UPCOMING_SECTIONS.map((section) => (
            <span key={section.label} className="nav-link nav-link-disabled" aria-disabled="true" title={`${section.label} is coming soon`}>
              <Icon name={section.icon} />
              {section.label}
              <span className="nav-soon">Soon</span>
            </span>
          ))}
        </nav>
        <div className="sidebar-footer">
          <a className="nav-link" href="/docs" target="_blank" rel="noreferrer">
            <Icon name="book" />
            API docs
          </a>
        </div>
      </div>
    </aside>
  );
}

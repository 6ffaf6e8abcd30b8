import { SubNav } from '../auth/SubNav.tsx';
import { hasRole, useMe } from '../auth/session.ts';

/** The pages of your workspace that your role opens. */
export function WorkspaceNav() {
  const me = useMe();
  const items = [
    { href: '/workspace/members', text: 'Members' },
    { href: '/workspace/audit', text: 'Audit log' },
  ];
  if (hasRole(me, 'owner')) items.push({ href: '/workspace/settings', text: 'Settings' });
  return <SubNav label="Your workspace" items={items} />;
}

/** The caption above a workspace page's heading: the workspace's name. */
export function WorkspaceCaption() {
  const me = useMe();
  return me?.workspace ? <span className="nhsuk-caption-l">{me.workspace.name}</span> : null;
}

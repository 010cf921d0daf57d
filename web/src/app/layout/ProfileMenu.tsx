import { useNavigate } from 'react-router';
import { Menu, MenuItem, MenuLabel, MenuSeparator } from '../../components/ui/Menu';
import { useCurrentUser } from '../../features/session/api/get-session';
import { useSignOut } from '../../features/session/api/sign-out';

const initials = (name: string) =>
  name
    .split(/[\s._@-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join('');

export function ProfileMenu() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const name = user.displayName || user.username;
  return (
    <Menu
      label="Profile"
      trigger={
        <button type="button" className="profile-button">
          <span className="avatar" aria-hidden="true">
            {initials(name)}
          </span>
          Profile
        </button>
      }
    >
      <MenuLabel>
        <span className="menu-label-name">{name}</span>
        <span className="menu-label-sub">
          {user.username} · {user.role === 'admin' ? 'Administrator' : 'User'}
        </span>
      </MenuLabel>
      <MenuSeparator />
      <MenuItem onSelect={() => void navigate('/settings')}>User Settings</MenuItem>
      <MenuItem onSelect={() => signOut.mutate()}>Sign out</MenuItem>
    </Menu>
  );
}

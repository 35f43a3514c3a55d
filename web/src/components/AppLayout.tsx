import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Layout, Menu, type MenuProps, Space, Tag, Typography } from 'antd';
import { Suspense, useMemo } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { ROLE_LABELS, type Role, labelOf } from '../api';
import { useUser, useAuth } from '../auth/auth';
import { MENU_GROUPS, mayOpen } from '../route-types';
import { NoticeBell } from '../pages/notices/NoticeBell';
import { ROUTES } from '../routes';
import { PageLoading } from './PageLoading';

const { Header, Sider, Content } = Layout;

/** The menu of what this user's roles may open, grouped by section. */
type MenuItem = Required<MenuProps>['items'][number];

function menuItems(roles: readonly Role[]): MenuItem[] {
  const visible = ROUTES.filter((r) => r.menu && mayOpen(r, roles));
  return MENU_GROUPS.flatMap((group): MenuItem[] => {
    const entries = visible
      .filter((r) => r.menu?.group === group.key)
      .sort((a, b) => (a.menu?.order ?? 0) - (b.menu?.order ?? 0))
      .map((r): MenuItem => ({
        key: `/${r.path}`,
        icon: r.menu?.icon,
        label: <Link to={`/${r.path}`}>{r.title}</Link>,
      }));
    if (entries.length === 0) return [];
    if (group.key === 'home') return entries;
    return [{ type: 'group', key: group.key, label: group.label, children: entries }];
  });
}

/** The longest menu path that is a prefix of the location: the entry to highlight. */
function selectedKey(pathname: string, keys: readonly string[]): string {
  return (
    [...keys]
      .filter((k) => (k === '/' ? pathname === '/' : pathname === k || pathname.startsWith(`${k}/`)))
      .sort((a, b) => b.length - a.length)[0] ?? pathname
  );
}

export function AppLayout() {
  const user = useUser();
  const { logout } = useAuth();
  const location = useLocation();
  const items = useMemo(() => menuItems(user.roles), [user.roles]);
  const keys = useMemo(
    () => ROUTES.filter((r) => r.menu && mayOpen(r, user.roles)).map((r) => `/${r.path}`),
    [user.roles],
  );

  return (
    <Layout hasSider style={{ minHeight: '100vh' }}>
      <Sider
        breakpoint="lg"
        collapsedWidth={0}
        width={220}
        theme="light"
        style={{
          borderInlineEnd: '1px solid #f0f0f0',
          position: 'sticky',
          top: 0,
          height: '100vh',
          overflow: 'auto',
        }}
      >
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>继续教育学时审验</div>
        <nav aria-label="主菜单">
          <Menu mode="inline" items={items} selectedKeys={[selectedKey(location.pathname, keys)]} />
        </nav>
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', paddingInline: 24, borderBottom: '1px solid #f0f0f0' }}>
          <Flex justify="space-between" align="center" style={{ height: '100%' }}>
            <Typography.Text type="secondary">继续教育学时审验系统</Typography.Text>
            <Space>
              <NoticeBell />
              <UserOutlined aria-hidden />
              <span data-testid="current-user">{user.displayName ?? user.username}</span>
              {user.roles.map((r) => (
                <Tag key={r}>{labelOf(ROLE_LABELS, r)}</Tag>
              ))}
              <Button icon={<LogoutOutlined />} onClick={logout}>
                退出登录
              </Button>
            </Space>
          </Flex>
        </Header>
        <Content style={{ padding: 24 }}>
          <main>
            <Suspense fallback={<PageLoading />}>
              <Outlet />
            </Suspense>
          </main>
        </Content>
      </Layout>
    </Layout>
  );
}

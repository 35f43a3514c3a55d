import { Card, Col, Row, Typography } from 'antd';
import { Link } from 'react-router';
import { ROLE_LABELS, labelOf } from '../../api';
import { useUser } from '../../auth/auth';
import { PageHeader } from '../../components/PageHeader';
import { MENU_GROUPS, mayOpen } from '../../route-types';
import { ROUTES } from '../../routes';

/** What this user can do, as links to each page their roles open. */
export default function HomePage() {
  const user = useUser();
  const pages = ROUTES.filter((r) => r.menu && r.path !== '' && mayOpen(r, user.roles));
  return (
    <>
      <PageHeader title="首页" />
      <Typography.Paragraph>
        欢迎，{user.displayName ?? user.username}（{user.roles.map((r) => labelOf(ROLE_LABELS, r)).join('、')}
        ）。
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {pages.map((page) => (
          <Col key={page.path} xs={24} sm={12} lg={8}>
            <Card size="small" title={<Link to={`/${page.path}`}>{page.title}</Link>}>
              <Typography.Text type="secondary">
                {MENU_GROUPS.find((g) => g.key === page.menu?.group)?.label}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
    </>
  );
}

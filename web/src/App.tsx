import { Button, Result } from 'antd';
import { createElement } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { AuthProvider, useAuth } from './auth/auth';
import { AppLayout } from './components/AppLayout';
import LoginPage from './pages/auth/LoginPage';
import { mayOpen } from './route-types';
import { ROUTES } from './routes';

function RequireLogin() {
  const { user } = useAuth();
  const location = useLocation();
  if (!user)
    return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return <AppLayout />;
}

function NotFound() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，或您的角色无权打开。"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          返回首页
        </Button>
      }
    />
  );
}

function AppRoutes() {
  const { user } = useAuth();
  const roles = user?.roles ?? [];
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<RequireLogin />}>
        {ROUTES.filter((r) => mayOpen(r, roles)).map((r) =>
          r.path === '' ? (
            <Route key="index" index element={createElement(r.component)} />
          ) : (
            <Route key={r.path} path={r.path} element={createElement(r.component)} />
          ),
        )}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AuthProvider>
  );
}

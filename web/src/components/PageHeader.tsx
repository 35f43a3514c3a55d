import { Flex, Typography } from 'antd';
import { type ReactNode, useEffect } from 'react';

/** The page's title (also the document title) and its actions. */
export function PageHeader({ title, extra }: { readonly title: string; readonly extra?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} - 继续教育学时审验系统`;
  }, [title]);
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra}
    </Flex>
  );
}

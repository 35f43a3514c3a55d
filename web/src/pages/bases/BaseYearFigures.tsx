import { Card, Col, Descriptions, Progress, Row, Space, Statistic, Typography } from 'antd';
import { formatDate } from '../../components/format';
import { BASE_TYPE_LABELS } from '../units/labels';
import { BaseStatusTag } from './BaseStatusTag';
import type { BaseYear } from './types';

const percent = (n: number, of: number): number => (of > 0 ? Math.min(100, Math.round((n / of) * 100)) : 0);

/** A base's year against its quotas: trainees (2000 / 3000), research projects (4), the forecast. */
export function BaseYearFigures({ base }: { readonly base: BaseYear }) {
  const traineesDone = base.trainees >= base.traineeQuota;
  const projectsDone = base.researchProjects >= base.projectQuota;
  return (
    <Card
      title={
        <Space wrap>
          <span>
            {base.baseName ?? '基地'} {base.year}年度
          </span>
          <BaseStatusTag status={base.status} />
        </Space>
      }
    >
      <Row gutter={[24, 24]} align="middle">
        <Col xs={24} sm={12} lg={6} style={{ textAlign: 'center' }}>
          <Progress
            type="dashboard"
            percent={percent(base.trainees, base.traineeQuota)}
            status={traineesDone ? 'success' : 'normal'}
            aria-label={`培训人数 ${base.trainees} / ${base.traineeQuota}`}
          />
          <div>
            培训人数 {base.trainees} / {base.traineeQuota} 人
          </div>
        </Col>
        <Col xs={24} sm={12} lg={6} style={{ textAlign: 'center' }}>
          <Progress
            type="dashboard"
            percent={percent(base.researchProjects, base.projectQuota)}
            status={projectsDone ? 'success' : 'normal'}
            format={() => `${base.researchProjects}/${base.projectQuota}`}
            aria-label={`研修项目 ${base.researchProjects} / ${base.projectQuota}`}
          />
          <div>
            研修培训项目 {base.researchProjects} / {base.projectQuota} 项
          </div>
        </Col>
        <Col xs={24} lg={12}>
          <Statistic title="按目前进度预计全年培训" value={base.forecastTrainees} suffix="人" />
          <Progress
            percent={percent(base.forecastTrainees, base.traineeQuota)}
            success={{ percent: percent(base.trainees, base.traineeQuota) }}
            status={base.forecastTrainees >= base.traineeQuota ? 'success' : 'exception'}
            aria-label={`预计全年 ${base.forecastTrainees} 人，任务 ${base.traineeQuota} 人`}
          />
          <Typography.Text type="secondary">
            绿色为已完成，蓝/红色为预计全年；
            {base.forecastTrainees >= base.traineeQuota
              ? '预计可完成年度任务'
              : '按目前进度预计完不成年度任务'}
          </Typography.Text>
        </Col>
      </Row>
      <Descriptions
        size="small"
        style={{ marginTop: 16 }}
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'type', label: '基地类型', children: BASE_TYPE_LABELS[base.baseType] ?? base.baseType },
          { key: 'registrations', label: '登记记录', children: `${base.registrations ?? 0} 条` },
          { key: 'last', label: '最近登记', children: formatDate(base.lastRegisteredOn ?? null) },
        ]}
      />
    </Card>
  );
}

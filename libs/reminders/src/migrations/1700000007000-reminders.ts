import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reminders1700000007000 implements MigrationInterface {
  name = 'Reminders1700000007000';

  async up(q: QueryRunner): Promise<void> {
    // The notice ledger: a row is written before any delivery; the UNIQUE key makes each notice once.
    await q.query(`CREATE TABLE notices (
      id uuid PRIMARY KEY, obligation text NOT NULL, recipient_id uuid NOT NULL, kind text NOT NULL,
      deadline_revision text NOT NULL, deadline_id text, subject_id text, message text NOT NULL,
      due_at timestamptz NOT NULL, created_at timestamptz NOT NULL, late boolean NOT NULL DEFAULT false,
      read_at timestamptz,
      CONSTRAINT notices_once UNIQUE (obligation, recipient_id, kind, deadline_revision))`);
    await q.query(`CREATE INDEX notices_recipient ON notices (recipient_id, created_at DESC)`);
    await q.query(`CREATE INDEX notices_revision ON notices (deadline_revision)`);
    // Webhook of an organisation: notices to its users are POSTed there, signed with HMAC-SHA256.
    await q.query(`CREATE TABLE org_webhooks (
      org_id uuid PRIMARY KEY, url text NOT NULL, secret text NOT NULL, updated_at timestamptz NOT NULL)`);
    // Mailbox of an organisation: notices to its users are also e-mailed there over SMTP.
    await q.query(`CREATE TABLE org_mailboxes (
      org_id uuid PRIMARY KEY, address text NOT NULL, updated_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE org_mailboxes');
    await q.query('DROP TABLE org_webhooks');
    await q.query('DROP TABLE notices');
  }
}

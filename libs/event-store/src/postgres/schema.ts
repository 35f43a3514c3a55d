/**
 * Versioned migrations of the PostgreSQL event store. Each runs once, in order, inside a
 * transaction, under an advisory lock so that several processes starting together agree.
 * Never edit a released migration: add the next one.
 */
export interface EventStoreMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/*
 * Canonical form of an event for the hash chain: the stored columns joined by newlines, with
 * jsonb rendered by PostgreSQL's own deterministic text output. Verification recomputes it
 * from the rows as they are stored.
 */
const CANONICAL = (s: string, rev: string, id: string, type: string, data: string, meta: string): string =>
  `convert_to(${s} || E'\\n' || ${rev}::text || E'\\n' || ${id}::text || E'\\n' || ${type} || E'\\n' || ${data}::text || E'\\n' || ${meta}::text, 'UTF8')`;

/** es_append_one: move the stream head by one event (lock, revision, hash) where `condition` holds. */
const moveHead = (condition: string): string => `UPDATE es_streams s
       SET revision = s.revision + 1,
           last_hash = sha256(coalesce(s.last_hash, '\\x'::bytea) || ${CANONICAL('p_stream', '(s.revision + 1)', 'p_id', 'p_type', 'p_data', 'p_metadata')}),
           deleted = false,
           updated_at = now()
     WHERE s.stream_id = p_stream AND (${condition})
    RETURNING s.revision, s.last_hash INTO v_rev, v_hash;`;

export const CANONICAL_EVENT_SQL = CANONICAL(
  'e.stream_id',
  'e.revision',
  'e.event_id',
  'e.type',
  'e.data',
  'e.metadata',
);

export const EVENT_STORE_MIGRATIONS: readonly EventStoreMigration[] = [
  {
    version: 1,
    name: 'streams, events, append function',
    sql: `
CREATE TABLE es_streams (
  stream_id       text PRIMARY KEY,
  revision        bigint NOT NULL DEFAULT -1,
  last_hash       bytea,
  truncate_before bigint NOT NULL DEFAULT 0,
  deleted         boolean NOT NULL DEFAULT false,
  metadata        jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE es_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tx_id           xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text NOT NULL,
  revision        bigint NOT NULL,
  event_id        uuid NOT NULL,
  type            text NOT NULL,
  data            jsonb NOT NULL,
  metadata        jsonb NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  hash            bytea NOT NULL,
  CONSTRAINT es_events_stream_revision UNIQUE (stream_id, revision),
  CONSTRAINT es_events_event_id UNIQUE (event_id)
);
CREATE INDEX es_events_tx_position ON es_events (tx_id, global_position);

-- One round trip per append. Returns status 'ok', 'replayed' (all ids already stored in this
-- stream, in order: an idempotent retry), 'conflict' (expected revision not met; nothing
-- written) or 'duplicate' (some ids stored elsewhere; nothing written).
CREATE FUNCTION es_append(
  p_stream text, p_expected text, p_expected_revision bigint,
  p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[]
) RETURNS TABLE (status text, revision bigint, tx_id xid8, global_position bigint)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_rev bigint; v_hash bytea; v_deleted boolean; v_trunc bigint; v_current bigint;
  v_count int := coalesce(array_length(p_ids, 1), 0);
  v_found int; v_min bigint; v_max bigint; v_streams int; v_tx xid8; v_pos bigint;
  v_hashes bytea[] := '{}';
  i int;
BEGIN
  SELECT s.revision, s.last_hash, s.deleted, s.truncate_before
    INTO v_rev, v_hash, v_deleted, v_trunc
    FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
  IF NOT FOUND THEN
    -- Creating the stream row is the only place a conflict is tolerated: a concurrent creator
    -- wins the insert, and we then wait for and lock its row. Events are never dropped here.
    INSERT INTO es_streams (stream_id) VALUES (p_stream) ON CONFLICT (stream_id) DO NOTHING;
    SELECT s.revision, s.last_hash, s.deleted, s.truncate_before
      INTO v_rev, v_hash, v_deleted, v_trunc
      FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
  END IF;

  -- Idempotent retry: the same ids already stored, contiguous, in this stream. Probing the first
  -- id is enough to notice a retry; any other reused id trips the UNIQUE constraint on insert.
  IF EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = p_ids[1]) THEN
    RETURN QUERY SELECT * FROM es_replayed(p_stream, p_ids);
    RETURN;
  END IF;

  v_current := CASE WHEN v_deleted OR v_rev < 0 THEN NULL ELSE v_rev END;
  IF (p_expected = 'no_stream' AND v_current IS NOT NULL)
     OR (p_expected = 'stream_exists' AND v_current IS NULL)
     OR (p_expected = 'exact' AND v_current IS DISTINCT FROM p_expected_revision) THEN
    RETURN QUERY SELECT 'conflict'::text, v_current, NULL::xid8, NULL::bigint;
    RETURN;
  END IF;

  FOR i IN 1 .. v_count LOOP
    v_hash := sha256(coalesce(v_hash, '\\x'::bytea) || ${CANONICAL(
      'p_stream',
      '(v_rev + i)',
      'p_ids[i]',
      'p_types[i]',
      'p_data[i]',
      'p_metadata[i]',
    )});
    v_hashes := v_hashes || v_hash;
  END LOOP;

  WITH inserted AS (
    INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata, hash)
    SELECT p_stream, v_rev + u.n, u.id, u.type, u.data, u.metadata, u.hash
      FROM unnest(p_ids, p_types, p_data, p_metadata, v_hashes) WITH ORDINALITY AS u(id, type, data, metadata, hash, n)
    RETURNING es_events.global_position
  )
  SELECT max(inserted.global_position) INTO v_pos FROM inserted;

  UPDATE es_streams s SET revision = v_rev + v_count, last_hash = v_hash, deleted = false, updated_at = now()
   WHERE s.stream_id = p_stream;
  v_tx := pg_current_xact_id();
  RETURN QUERY SELECT 'ok'::text, v_rev + v_count, v_tx, v_pos;
END
$fn$;

-- An append whose first event id is already stored: the original result when all ids are stored
-- contiguously in this stream (a retry), 'duplicate' otherwise.
CREATE FUNCTION es_replayed(p_stream text, p_ids uuid[])
RETURNS TABLE (status text, revision bigint, tx_id xid8, global_position bigint)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_count int := coalesce(array_length(p_ids, 1), 0);
  v_found int; v_min bigint; v_max bigint; v_streams int; v_first bigint;
BEGIN
  SELECT count(*), min(e.revision), max(e.revision), count(DISTINCT e.stream_id)
    INTO v_found, v_min, v_max, v_streams
    FROM es_events e WHERE e.event_id = ANY (p_ids);
  SELECT e.revision INTO v_first FROM es_events e WHERE e.event_id = p_ids[1] AND e.stream_id = p_stream;
  IF v_found = v_count AND v_streams = 1 AND v_max - v_min = v_count - 1 AND v_first = v_min THEN
    RETURN QUERY SELECT 'replayed'::text, v_max, e.tx_id, e.global_position
      FROM es_events e WHERE e.stream_id = p_stream AND e.revision = v_max;
    RETURN;
  END IF;
  RETURN QUERY SELECT 'duplicate'::text, NULL::bigint, NULL::xid8, NULL::bigint;
END
$fn$;

-- The common case, one event, in as few row versions as possible: a conditional UPDATE of the
-- stream row both takes its lock and moves its head (no separate SELECT … FOR UPDATE). A
-- 'conflict' answer may be an idempotent retry: the client checks with es_replayed.
CREATE FUNCTION es_append_one(
  p_stream text, p_expected text, p_expected_revision bigint,
  p_id uuid, p_type text, p_data jsonb, p_metadata jsonb
) RETURNS TABLE (status text, revision bigint, tx_id xid8, global_position bigint)
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  v_rev bigint; v_hash bytea; v_pos bigint; v_current bigint; v_deleted boolean;
BEGIN
  -- No idempotency probe on this path: a retry either fails the expectation (the first attempt
  -- moved the head) or trips UNIQUE (event_id); the client then asks es_replayed.
  IF p_expected <> 'no_stream' THEN
    ${moveHead(`CASE p_expected
             WHEN 'exact' THEN NOT s.deleted AND s.revision = p_expected_revision
             WHEN 'stream_exists' THEN NOT s.deleted AND s.revision >= 0
             ELSE true
           END`)}
  END IF;

  IF v_rev IS NULL THEN
    -- No stream row matched: either the stream must be created, or the expectation failed.
    IF p_expected IN ('no_stream', 'any') THEN
      INSERT INTO es_streams (stream_id) VALUES (p_stream) ON CONFLICT (stream_id) DO NOTHING;
      ${moveHead(`p_expected = 'any' OR s.deleted OR s.revision < 0`)}
    END IF;
    IF v_rev IS NULL THEN
      SELECT s.revision, s.deleted INTO v_current, v_deleted FROM es_streams s WHERE s.stream_id = p_stream;
      RETURN QUERY SELECT 'conflict'::text,
        CASE WHEN v_deleted OR v_current < 0 THEN NULL ELSE v_current END, NULL::xid8, NULL::bigint;
      RETURN;
    END IF;
  END IF;

  INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata, hash)
  VALUES (p_stream, v_rev, p_id, p_type, p_data, p_metadata, v_hash)
  RETURNING es_events.global_position INTO v_pos;
  RETURN QUERY SELECT 'ok'::text, v_rev, pg_current_xact_id(), v_pos;
END
$fn$;
`,
  },
];

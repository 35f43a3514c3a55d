import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type JsonValue } from '@ce/event-store';
import { type Actor, RuleViolation, metadataJson, newId } from '@ce/kernel';

/**
 * Rules the city can change are data: each policy is a stream `policy-<name>` of published
 * versions. The newest applies to what starts from now on; what started earlier keeps its version.
 */
const CACHE_MS = 5000;

/** Checks a policy document before it is published; answers field errors. */
export type PolicyValidator = (content: unknown) => { field: string; message: string }[];

@Injectable()
export class PolicyStore {
  private readonly validators = new Map<string, PolicyValidator>();
  private readonly cache = new Map<string, { content: JsonValue | null; until: number }>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Makes a policy publishable, with the check its documents must pass. */
  define(name: string, validate: PolicyValidator): void {
    this.validators.set(name, validate);
  }

  names(): string[] {
    return [...this.validators.keys()];
  }

  validate(name: string, content: unknown): { field: string; message: string }[] {
    const validator = this.validators.get(name);
    if (!validator)
      return [{ field: 'name', message: `unknown policy ${name}; known: ${this.names().join(', ')}` }];
    return validator(content);
  }

  /**
   * The newest version. Read at most every few seconds per process (policies change a few times a
   * year, commands run all day); publishing through this process takes effect here at once.
   */
  async current<T extends { version: string }>(name: string, fallback: T): Promise<T> {
    const cached = this.cache.get(name);
    if (cached && cached.until > Date.now()) return (cached.content ?? fallback) as T;
    const [latest] = await this.store.readStream(`policy-${name}`, { direction: 'backwards', maxCount: 1 });
    const content = latest ? (latest.data as { content: JsonValue }).content : null;
    this.cache.set(name, { content, until: Date.now() + CACHE_MS });
    return (content ?? fallback) as T;
  }

  async versions(name: string): Promise<{ version: string; publishedAt: string; by: string }[]> {
    const events = await this.store.readStream(`policy-${name}`);
    return events.map((e) => {
      const data = e.data as { content: { version: string }; publishedAt: string; by: string };
      return { version: data.content.version, publishedAt: data.publishedAt, by: data.by };
    });
  }

  async publish<T extends { version: string }>(
    name: string,
    content: T,
    actor: Actor,
    now: Date,
  ): Promise<string> {
    const known = await this.versions(name);
    if (known.some((v) => v.version === content.version)) {
      throw new RuleViolation(
        'POLICY.VERSION_EXISTS',
        `政策版本 ${content.version} 已发布，请使用新的版本号`,
      );
    }
    const result = await this.store.append(
      `policy-${name}`,
      [
        {
          id: newId(),
          type: 'policy.published.v1',
          data: {
            content: JSON.parse(JSON.stringify(content)) as JsonValue,
            publishedAt: now.toISOString(),
            by: actor.userId,
          },
          metadata: metadataJson({
            actor: { userId: actor.userId, orgId: actor.orgId },
            now: now.toISOString(),
          }),
        },
      ],
      { expectedRevision: known.length === 0 ? 'no_stream' : BigInt(known.length - 1) },
    );
    this.cache.delete(name);
    return result.position;
  }
}

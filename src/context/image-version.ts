/** The longest tag Docker/OCI accepts. */
const MAX_TAG_LENGTH = 128;
/** A tag that Docker/OCI accepts: up to 128 characters of letters, digits, `_`, `.`, `-`, not starting with `.` or `-`. */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A sha256 content digest. */
const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
/** Tags that are moved to new images by convention, so they do not identify what runs. */
const MUTABLE_TAGS = new Set(['latest', 'stable', 'main', 'master', 'edge', 'dev']);

/**
 * The version of an image deployed to one environment: a tag or a content digest,
 * as written in the releases file.
 */
export class ImageVersion {
  /**
   * Parses a releases-file value: `sha256:<64 hex>` is a digest, anything else a tag.
   * Returns an error message instead when the value is neither. The message never repeats the value
   * (callers show it, cut short): it says what is wrong, e.g. the length of a tag that is too long.
   */
  public static parse(value: unknown): ImageVersion | string {
    if (typeof value !== 'string' || value.length === 0) {
      return 'must be a non-empty image tag or a sha256 digest';
    }
    if (value.startsWith('sha256:')) {
      return DIGEST_PATTERN.test(value) ? new ImageVersion(value, true) : 'is not a valid digest (expected sha256: followed by 64 lowercase hex characters)';
    }
    if (TAG_PATTERN.test(value)) return new ImageVersion(value, false);
    return value.length > MAX_TAG_LENGTH
      ? `is ${value.length} characters long; an image tag has at most ${MAX_TAG_LENGTH} (letters, digits, "_", "." and "-", not starting with "." or "-")`
      : 'is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")';
  }

  private constructor(
    /** The tag or the digest as written. */
    public readonly value: string,
    /** Whether this is a content digest (`sha256:…`) rather than a tag. */
    public readonly isDigest: boolean,
  ) {}

  /** Whether the tag is conventionally moved to new images (`latest`, `main`, …), so it does not pin a build. */
  public get isMutable(): boolean {
    return !this.isDigest && MUTABLE_TAGS.has(this.value.toLowerCase());
  }

  /** The kustomize `images:` fields that select this version. */
  public kustomizeFields(): { newTag: string } | { digest: string } {
    return this.isDigest ? { digest: this.value } : { newTag: this.value };
  }
}

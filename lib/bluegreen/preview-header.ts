/** A request header that sends a request to green while users still get blue (Istio only). */
export interface PreviewHeader {
  /** Header name, lower-case, e.g. `x-preview`. */
  readonly name: string;
  /** Exact value the header must have, e.g. `true`. */
  readonly value: string;
}

/** The default preview header: `x-preview: true`. */
export const DEFAULT_PREVIEW_HEADER: PreviewHeader = { name: 'x-preview', value: 'true' };

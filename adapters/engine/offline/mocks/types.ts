/** What the offline mocks know about the pretend account a preview runs in. */
export interface MockContext {
  readonly stack: string;
  readonly project: string;
  /** `aws:region`, when set. */
  readonly awsRegion: string;
  /** `azure-native:location`, when set. */
  readonly azureLocation: string;
  readonly awsAccountId: string;
  readonly azureSubscriptionId: string;
  readonly azureTenantId: string;
}

export interface MockResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/**
 * One cloud's stand-in for its provider plugin: the outputs the provider would compute (ARNs,
 * endpoints, generated names) and the results of the invokes the program makes.
 */
export interface CloudMocks {
  /** Whether this cloud owns the resource or invoke token (`aws:`, `awsx:`, `azure-native:` ...). */
  owns(token: string): boolean;
  /** Provider-computed outputs, merged over the inputs. */
  outputs(resource: MockResource, context: MockContext): Record<string, unknown>;
  /** Invoke results by token; an invoke with no entry fails the preview (no silent guesses). */
  readonly calls: Readonly<Record<string, (inputs: Record<string, unknown>, context: MockContext) => Record<string, unknown>>>;
}

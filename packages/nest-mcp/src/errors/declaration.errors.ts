/**
 * Boot-time errors: each names the class and method whose declaration is at
 * fault, so a bad `@Tool`/`@Resource`/`@Prompt` stops the boot with a message
 * that says where to look.
 */
export class McpDeclarationError extends Error {
  override name = 'McpDeclarationError';
}

export class DuplicateNameError extends McpDeclarationError {
  override name = 'DuplicateNameError';
  constructor(kind: string, name: string, first: string, second: string) {
    super(`${kind} "${name}" is declared by ${first} and ${second}`);
  }
}

export class InvalidNameError extends McpDeclarationError {
  override name = 'InvalidNameError';
  constructor(kind: string, name: string, source: string) {
    super(`${kind} name "${name}" declared by ${source} must match [A-Za-z0-9_.-]{1,128}`);
  }
}

export class InvalidSchemaError extends McpDeclarationError {
  override name = 'InvalidSchemaError';
  constructor(kind: string, source: string, reason: string) {
    super(`${kind} schema of ${source} is invalid: ${reason}`);
  }
}

export class InvalidUriTemplateError extends McpDeclarationError {
  override name = 'InvalidUriTemplateError';
  constructor(template: string, source: string, reason: string) {
    super(`URI template "${template}" declared by ${source} is malformed: ${reason}`);
  }
}

export class InvalidUriError extends McpDeclarationError {
  override name = 'InvalidUriError';
  constructor(uri: string, source: string) {
    super(`resource URI "${uri}" declared by ${source} is not an absolute URI`);
  }
}

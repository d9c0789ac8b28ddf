import { Injectable } from '@nestjs/common';
import { Resource, ResourceTemplate } from '../../src/index.js';
import { PNG_BASE64 } from './media.js';

export const WATCHED_URI = 'test://watched-resource';

/** The fixed resources and the template the resource scenarios read. */
@Injectable()
export class ConformanceResources {
  @Resource({
    uri: 'test://static-text',
    name: 'static-text',
    title: 'Static Text Resource',
    description: 'A fixed text resource',
    mimeType: 'text/plain',
  })
  staticText(): string {
    return 'This is the content of the static text resource.';
  }

  @Resource({
    uri: 'test://static-binary',
    name: 'static-binary',
    title: 'Static Binary Resource',
    description: 'A fixed binary resource (a PNG image)',
    mimeType: 'image/png',
  })
  staticBinary() {
    return { blob: PNG_BASE64 };
  }

  @Resource({
    uri: WATCHED_URI,
    name: 'watched-resource',
    title: 'Watched Resource',
    description: 'A resource clients may subscribe to',
    mimeType: 'text/plain',
  })
  watched(): string {
    return 'Watched resource content';
  }

  @ResourceTemplate({
    uriTemplate: 'test://template/{id}/data',
    name: 'template',
    title: 'Resource Template',
    description: 'JSON data for any id, substituted from the URI',
    mimeType: 'application/json',
    complete: { id: 'completeId' },
  })
  template({ id }: { id: string }) {
    return {
      text: JSON.stringify({
        id,
        templateTest: true,
        data: `Data for ID: ${id}`,
      }),
    };
  }

  completeId(prefix: string): string[] {
    return ['1', '42', '123'].filter((id) => id.startsWith(prefix));
  }
}

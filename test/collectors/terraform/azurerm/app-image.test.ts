import { describe, expect, it } from 'vitest';
import { factOf, inventoryOf, type TestResource } from './plan-builder.js';

const DIGEST = `sha256:${'ef'.repeat(32)}`;
const stack = (s: Record<string, unknown>) => ({ site_config: [{ application_stack: [s] }] });
const pinned = (type: string, values: TestResource['values'], unknown?: TestResource['unknown']) =>
  factOf(
    inventoryOf([
      { address: `${type}.app`, values: { name: 'app', ...values }, ...(unknown ? { unknown } : {}) },
    ]),
    `${type}.app`,
    'imagePinned',
  );

describe('container images of App Service apps (imagePinned)', () => {
  it('a web app is pinned by a digest in docker_image_name, not by a tag', () => {
    const web = (image: string) =>
      pinned(
        'azurerm_linux_web_app',
        stack({ docker_image_name: image, docker_registry_url: 'https://acr.io' }) as never,
      );
    expect(web(`chat@${DIGEST}`)).toMatchObject({ state: 'explicit', value: true });
    expect(web('chat:latest')).toMatchObject({
      state: 'explicit',
      value: false,
      attribute: 'site_config[0].application_stack[0].docker_image_name',
    });
  });

  it('a function app names its image by image_name and image_tag: a tag is not pinned', () => {
    const fn = (image_name: string) =>
      pinned(
        'azurerm_linux_function_app',
        stack({ docker: [{ registry_url: 'https://acr.io', image_name, image_tag: '1.0' }] }) as never,
      );
    expect(fn('chat')).toMatchObject({ state: 'explicit', value: false });
    expect(fn(`chat@${DIGEST}`)).toMatchObject({ state: 'explicit', value: true });
  });

  it('has no image fact for code deployments, and an unknown one for an image known only after apply', () => {
    expect(pinned('azurerm_linux_web_app', stack({ python_version: '3.12' }) as never)).toBeUndefined();
    expect(
      pinned('azurerm_linux_web_app', stack({}) as never, {
        site_config: [{ application_stack: [{ docker_image_name: true }] }],
      }),
    ).toMatchObject({ state: 'unknown' });
  });
});

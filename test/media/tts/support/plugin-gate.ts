import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { resolvePluginEntry } from '../../../../src/media/tts/plugin-entry.ts';

const entry = resolvePluginEntry();

/** The plug-in's server script, when @openccc/tts-espeak resolves. */
export const pluginEntry: string | undefined = entry.ok ? entry.path : undefined;

/**
 * Tests that run the GPL plug-in. Without it they skip with the reason, except in CI (CI=true),
 * which always installs the workspace and must not go green by skipping.
 */
export function pluginTest(name: string, fn: (t: TestContext, entry: string) => Promise<void>): void {
  if (pluginEntry !== undefined) {
    const path = pluginEntry;
    test(name, (t) => fn(t, path));
  } else if (process.env.CI === 'true') {
    test(name, () => assert.fail(`@openccc/tts-espeak is required in CI: ${entry.ok ? '' : entry.error.message}`));
  } else {
    test(name, { skip: `@openccc/tts-espeak is not installed, so the TTS plug-in cannot run (CI=true fails instead)` }, () => {});
  }
}

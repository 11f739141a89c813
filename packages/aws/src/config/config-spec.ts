/** The shape of one configuration value: a core `SettingSpec`, optionally read from an SST link. */
import type { SettingSpec } from '@rebound/core';

/** A setting read from an SST link's property (`Resource.<name>.<property>`). */
export type ConfigSpec = SettingSpec & { property?: 'name' | 'url' | 'value' };

/** Project configuration (`reqlint.config.json`): types, discovery, parsing and validation. */
export * from './types';
export { parseConfigText, CONFIG_SCHEMA, type ParseConfigOptions } from './validate';
export { CONFIG_FILE_NAME, findConfigFile, loadConfigFile, ConfigResolver, payloadMappingFor, type ConfigResolverOptions } from './load';

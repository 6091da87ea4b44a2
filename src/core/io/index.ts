export { DEFAULT_READ_LIMITS, LIMIT_KEYS, formatCap, readLimitsFrom, type ReadLimits } from './limits';
export { FileReadError, openRegularFile, readFileCapped, readTextCapped, readTextIfExists, type OpenedFile, type ReadPurpose, type ReadRefusal } from './read';

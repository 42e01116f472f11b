import path from 'node:path';
import type { Config } from '../config/config.js';
import type { FileStorage } from './file-storage.js';
import { LocalFolderStorage } from './local-folder-storage.js';
import { S3Storage } from './s3-storage.js';

export type StorageConfig = Pick<
  Config,
  | 'dataDir'
  | 'storageS3Bucket'
  | 'storageS3Endpoint'
  | 'storageS3Region'
  | 'storageS3AccessKeyId'
  | 'storageS3SecretAccessKey'
  | 'storageS3ForcePathStyle'
  | 'storageS3Prefix'
>;

/** The installation's file store: its S3 bucket when one is configured, else `<dataDir>/files`. */
export function openFileStorage(config: StorageConfig): FileStorage {
  if (config.storageS3Bucket === undefined) return new LocalFolderStorage(path.join(config.dataDir, 'files'));
  return new S3Storage({
    bucket: config.storageS3Bucket,
    endpoint: config.storageS3Endpoint,
    region: config.storageS3Region,
    accessKeyId: config.storageS3AccessKeyId,
    secretAccessKey: config.storageS3SecretAccessKey,
    forcePathStyle: config.storageS3ForcePathStyle,
    prefix: config.storageS3Prefix,
  });
}

// Where the weekly report job puts report.html and report.json: a private bucket (encryption is the
// bucket's default), one key per file.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ReportBucket } from '../core/ports.js';

export type { ReportBucket } from '../core/ports.js';

export function createS3ReportBucket(client: S3Client, bucketName: string): ReportBucket {
  return {
    name: bucketName,
    async put(key, body, contentType) {
      await client.send(new PutObjectCommand({ Bucket: bucketName, Key: key, Body: body, ContentType: contentType }));
    },
  };
}

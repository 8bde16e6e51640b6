package io.iotetl.pipelines.io;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Where outputs go. With no {@code --endpoint} this is AWS S3 with the default credential chain and
 * region; for MinIO or S3Proxy add {@code --endpoint=http://host:port --s3PathStyleAccess=true} and
 * credentials from the AWS_* environment variables or {@code --awsCredentialsProvider}.
 */
public interface S3OutputOptions extends S3Options {

  @Description("Bucket that receives all outputs.")
  @Default.String("streaming-output")
  String getBucket();

  void setBucket(String value);

  @Description(
      "Root of all outputs; default s3://<bucket>. A local path or file:// URI also works (tests, dry runs).")
  @Default.String("")
  String getOutputRoot();

  void setOutputRoot(String value);

  @Description(
      "Use path-style S3 addressing (http://host/bucket/key), needed by MinIO and S3Proxy.")
  @Default.Boolean(false)
  boolean getS3PathStyleAccess();

  void setS3PathStyleAccess(boolean value);

  @Description(
      "Retries of each S3 request, with backoff from 0.5 s doubling up to 10 s: 10 rides out about a minute of outage.")
  @Default.Integer(10)
  int getS3MaxRetries();

  void setS3MaxRetries(int value);

  @Description(
      "Create the bucket at startup if it does not exist (otherwise a missing bucket is an error).")
  @Default.Boolean(false)
  boolean getCreateBucket();

  void setCreateBucket(boolean value);
}

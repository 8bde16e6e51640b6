package io.iotetl.pipelines.io;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client with path-style addressing ({@code http://host:port/bucket/key}), which
 * S3-compatible servers such as MinIO and S3Proxy need when the endpoint is a host name or IP.
 * Chosen with {@code --s3ClientFactoryClass=io.iotetl.pipelines.io.PathStyleS3ClientBuilderFactory}
 * (set automatically by {@code --s3PathStyleAccess=true}).
 */
public final class PathStyleS3ClientBuilderFactory extends DefaultS3ClientBuilderFactory {

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return super.createBuilder(options).forcePathStyle(true);
  }
}

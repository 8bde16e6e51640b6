package io.iotetl.pipelines.io;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client with path-style addressing ({@code http://host:port/bucket/key}), which
 * S3-compatible servers such as MinIO and S3Proxy need when the endpoint is a host name or IP.
 * Chosen with {@code --s3ClientFactoryClass=io.iotetl.pipelines.io.PathStyleS3ClientBuilderFactory}
 * (set automatically by {@code --s3PathStyleAccess=true}).
 *
 * <p>It also leaves out the header {@code x-amz-server-side-encryption-bucket-key-enabled: false}
 * that Beam sends when starting a multipart upload: "false" is S3's default anyway, and
 * S3-compatible servers without encryption support (S3Proxy) reject any encryption header with 501.
 */
public final class PathStyleS3ClientBuilderFactory extends DefaultS3ClientBuilderFactory {

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return super.createBuilder(options)
        .forcePathStyle(true)
        .overrideConfiguration(c -> c.addExecutionInterceptor(new DropDisabledBucketKeyHeader()));
  }

  static final class DropDisabledBucketKeyHeader implements ExecutionInterceptor {
    private static final String HEADER = "x-amz-server-side-encryption-bucket-key-enabled";

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      SdkHttpRequest request = context.httpRequest();
      boolean disabled = request.firstMatchingHeader(HEADER).map("false"::equalsIgnoreCase).orElse(false);
      return disabled ? request.toBuilder().removeHeader(HEADER).build() : request;
    }
  }
}

package io.iotetl.pipelines.io;

import java.time.Duration;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.retry.backoff.EqualJitterBackoffStrategy;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client as this project's pipelines use it, set by {@link S3Buckets#prepare} for every
 * run that writes to S3 ({@code
 * --s3ClientFactoryClass=io.iotetl.pipelines.io.ProjectS3ClientBuilderFactory}):
 *
 * <ul>
 *   <li>path-style addressing ({@code http://host:port/bucket/key}) with {@code
 *       --s3PathStyleAccess=true}, which MinIO and S3Proxy need when the endpoint is a host name or
 *       IP;
 *   <li>{@code --s3MaxRetries} retries with backoff (0.5 s doubling up to 10 s), so a store that is
 *       down for a few tens of seconds delays a micro-batch instead of failing its writes (a failed
 *       streaming write loses that batch's output on the Spark runner);
 *   <li>no {@code x-amz-server-side-encryption-bucket-key-enabled: false} header on multipart
 *       starts: "false" is S3's default anyway, and stores without encryption support (S3Proxy)
 *       reject any encryption header with 501.
 * </ul>
 */
public final class ProjectS3ClientBuilderFactory extends DefaultS3ClientBuilderFactory {

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    S3OutputOptions output = options.as(S3OutputOptions.class);
    RetryPolicy retries =
        RetryPolicy.builder()
            .numRetries(output.getS3MaxRetries())
            .backoffStrategy(
                EqualJitterBackoffStrategy.builder()
                    .baseDelay(Duration.ofMillis(500))
                    .maxBackoffTime(Duration.ofSeconds(10))
                    .build())
            .build();
    return super.createBuilder(options)
        .forcePathStyle(output.getS3PathStyleAccess())
        .overrideConfiguration(
            c -> c.retryPolicy(retries).addExecutionInterceptor(new DropDisabledBucketKeyHeader()));
  }

  static final class DropDisabledBucketKeyHeader implements ExecutionInterceptor {
    private static final String HEADER = "x-amz-server-side-encryption-bucket-key-enabled";

    @Override
    public SdkHttpRequest modifyHttpRequest(
        Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      SdkHttpRequest request = context.httpRequest();
      boolean disabled =
          request.firstMatchingHeader(HEADER).map("false"::equalsIgnoreCase).orElse(false);
      return disabled ? request.toBuilder().removeHeader(HEADER).build() : request;
    }
  }
}

package io.iotetl.pipelines.io;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import org.apache.beam.sdk.util.InstanceBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Start-up check of the output bucket, with the same S3 client configuration the pipeline uses. */
public final class S3Buckets {

  private S3Buckets() {}

  /**
   * The output root: {@code --outputRoot} if set, else {@code s3://<bucket>}; never ends with '/'.
   */
  public static String outputRoot(S3OutputOptions options) {
    String root =
        options.getOutputRoot().isEmpty() ? "s3://" + options.getBucket() : options.getOutputRoot();
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /**
   * Applies {@code --s3PathStyleAccess}, then checks that the bucket exists (creating it with
   * {@code --createBucket}). Fails with one clear message for a missing bucket, wrong credentials
   * or an unreachable endpoint.
   */
  public static void prepare(S3OutputOptions options) {
    if (options.getS3ClientFactoryClass() == DefaultS3ClientBuilderFactory.class) {
      options.setS3ClientFactoryClass(ProjectS3ClientBuilderFactory.class);
    }
    if (!options.getOutputRoot().isEmpty() && !options.getOutputRoot().startsWith("s3://")) {
      return;
    }
    String bucket = outputRoot(options).substring("s3://".length()).split("/", 2)[0];
    String where =
        options.getEndpoint() != null
            ? options.getEndpoint().toString()
            : "AWS S3 (" + options.getAwsRegion() + ")";
    S3ClientBuilderFactory factory =
        InstanceBuilder.ofType(S3ClientBuilderFactory.class)
            .fromClass(options.getS3ClientFactoryClass())
            .build();
    // A start-up check answers at once: no long retries against an unreachable endpoint.
    try (S3Client s3 =
        factory
            .createBuilder(options)
            .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.builder().numRetries(1).build()))
            .build()) {
      try {
        s3.headBucket(b -> b.bucket(bucket));
      } catch (NoSuchBucketException e) {
        if (!options.getCreateBucket()) {
          throw new IllegalStateException(
              "bucket '"
                  + bucket
                  + "' does not exist at "
                  + where
                  + "; create it or run with --createBucket=true");
        }
        s3.createBucket(b -> b.bucket(bucket));
      }
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new IllegalStateException(
            "bucket '"
                + bucket
                + "' does not exist at "
                + where
                + "; create it or run with --createBucket=true",
            e);
      }
      throw new IllegalStateException(
          "S3 at "
              + where
              + " refused access to bucket '"
              + bucket
              + "' (HTTP "
              + e.statusCode()
              + "): check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or --awsCredentialsProvider)",
          e);
    } catch (SdkClientException e) {
      if (String.valueOf(e.getMessage()).startsWith("Unable to load credentials")) {
        throw new IllegalStateException(
            "no AWS credentials for S3 at "
                + where
                + ": set AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY, --awsCredentialsProvider, or an AWS profile",
            e);
      }
      throw new IllegalStateException("cannot reach S3 at " + where + ": " + e.getMessage(), e);
    }
  }
}

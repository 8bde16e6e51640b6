package io.iotetl.stack;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An AWS SDK client of a {@link LocalStack}'s S3 server. Kept out of {@code LocalStack} itself so
 * that modules without the AWS SDK (the producer) can still start a stack: the SDK is an optional
 * dependency of this module.
 */
public final class StackS3Client {

  private StackS3Client() {}

  /** Path-style, the stack's region and credentials. Close it. */
  public static S3Client of(LocalStack stack) {
    return S3Client.builder()
        .endpointOverride(URI.create(stack.s3Endpoint()))
        .forcePathStyle(true)
        .region(Region.of(stack.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(stack.accessKey(), stack.secretKey())))
        .build();
  }
}

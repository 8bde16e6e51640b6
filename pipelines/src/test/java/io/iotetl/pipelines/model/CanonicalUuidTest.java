package io.iotetl.pipelines.model;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanonicalUuidTest {

  @Test
  void onlyCanonicalLowercaseUuidsAreCanonical() {
    String id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    assertThat(CanonicalUuid.isCanonical(id), is(true));
    assertThat(CanonicalUuid.isCanonical(id.toUpperCase()), is(false));
    assertThat(CanonicalUuid.isCanonical("0f8fad5bd9cb469fa16570867728950e"), is(false));
    assertThat(CanonicalUuid.isCanonical("0f8fad5b-d9cb-469f-a165-70867728950g"), is(false));
    assertThat(CanonicalUuid.isCanonical("0f8fad5b-d9cb-469f-a165+70867728950e"), is(false));
    assertThat(CanonicalUuid.isCanonical("device-1"), is(false));
  }

  @Test
  void bitsAreThoseOfTheUuidAndGiveItsTextBack() {
    for (int i = 0; i < 1_000; i++) {
      UUID uuid = UUID.randomUUID();
      String text = uuid.toString();
      assertThat(CanonicalUuid.high(text), is(uuid.getMostSignificantBits()));
      assertThat(CanonicalUuid.low(text), is(uuid.getLeastSignificantBits()));
      assertThat(CanonicalUuid.text(CanonicalUuid.high(text), CanonicalUuid.low(text)), is(text));
    }
  }
}

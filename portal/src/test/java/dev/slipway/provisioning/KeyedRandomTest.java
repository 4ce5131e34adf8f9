package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KeyedRandomTest {

  static final byte[] KEY = "a key of at least thirty-two bytes!".getBytes();

  static long[] draw(byte[] key, String seed) {
    KeyedRandom random = new KeyedRandom(key, seed);
    return LongStream.range(0, 20).map(i -> random.nextLong()).toArray();
  }

  @Test
  void theSameKeyAndEnvironmentGiveTheSameValuesEveryTime() {
    assertThat(draw(KEY, "environment-1")).isEqualTo(draw(KEY, "environment-1"));
  }

  @Test
  void anotherEnvironmentOrAnotherKeyGiveOtherValues() {
    long[] first = draw(KEY, "environment-1");
    assertThat(draw(KEY, "environment-2")).isNotEqualTo(first);
    byte[] other = Arrays.copyOf(KEY, KEY.length);
    other[0] ^= 1;
    assertThat(draw(other, "environment-1")).isNotEqualTo(first);
  }

  @Test
  void valuesAreSpreadOverTheRange() {
    KeyedRandom random = new KeyedRandom(KEY, "environment-1");
    int[] counts = new int[10];
    for (int i = 0; i < 10_000; i++) {
      counts[random.nextInt(10)]++;
    }
    // Each bucket near 1,000; a broken block counter would pile values up.
    assertThat(Arrays.stream(counts).boxed()).allSatisfy(c -> assertThat(c).isBetween(850, 1150));
  }
}

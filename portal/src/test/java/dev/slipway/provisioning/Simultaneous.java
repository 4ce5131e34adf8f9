package dev.slipway.provisioning;

import dev.slipway.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * Sends requests at the same moment: every client thread is started and waits at one gate, so the
 * requests race as a burst from pipelines would, not one after another.
 */
final class Simultaneous {

  private Simultaneous() {}

  /** The answers to {@code count} requests, the i-th made by {@code request.apply(i)}. */
  static <T> List<T> send(int count, IntFunction<T> request) {
    CountDownLatch gate = new CountDownLatch(1);
    List<CompletableFuture<T>> answers = new ArrayList<>();
    try (ExecutorService clients = Executors.newFixedThreadPool(count)) {
      for (int i = 0; i < count; i++) {
        int n = i;
        answers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    gate.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                  }
                  return request.apply(n);
                },
                clients));
      }
      gate.countDown();
      return answers.stream().map(CompletableFuture::join).toList();
    }
  }

  static long count(List<Api.Response> answers, int status) {
    return answers.stream().filter(a -> a.status() == status).count();
  }
}

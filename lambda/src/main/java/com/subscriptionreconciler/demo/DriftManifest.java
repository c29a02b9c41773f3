package com.subscriptionreconciler.demo;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What a {@link DriftInjector} did, in the order it did it, so tests and the demo can say what to expect. */
public record DriftManifest(List<Drift> drifts) {

  public DriftManifest {
    drifts = List.copyOf(drifts);
  }

  public int size() {
    return drifts.size();
  }

  public List<Drift> ofKind(DriftKind kind) {
    return drifts.stream().filter(d -> d.kind() == kind).toList();
  }

  /** The only drift of a kind (one-of-each manifests). */
  public Drift only(DriftKind kind) {
    List<Drift> found = ofKind(kind);
    if (found.size() != 1) {
      throw new IllegalStateException(found.size() + " drifts of kind " + kind);
    }
    return found.get(0);
  }

  public Map<DriftKind, Long> countByKind() {
    Map<DriftKind, Long> counts = new EnumMap<>(DriftKind.class);
    drifts.forEach(d -> counts.merge(d.kind(), 1L, Long::sum));
    return counts;
  }

  public long count(DriftKind.Expectation expectation) {
    return drifts.stream().filter(d -> d.kind().expectation() == expectation).count();
  }
}

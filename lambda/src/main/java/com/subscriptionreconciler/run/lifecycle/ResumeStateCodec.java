package com.subscriptionreconciler.run.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subscriptionreconciler.plan.Action;
import com.subscriptionreconciler.plan.Entity;
import com.subscriptionreconciler.plan.EntityChange;
import com.subscriptionreconciler.plan.Field;
import com.subscriptionreconciler.plan.FieldChange;
import com.subscriptionreconciler.report.ReportJson;
import com.subscriptionreconciler.stripe.PartitionedLister.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * {@link ResumeState} as stored text: JSON with a format version, the fingerprints as gzip+base64 of the sorted
 * longs' deltas (a million subscriptions take a few MB instead of 20 as decimal JSON). A state written by another
 * format version is refused rather than guessed at: the run is then started over, which is always safe.
 */
public final class ResumeStateCodec {
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      ReportJson.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private record Stored(
      int version, int invocations, boolean force, List<Span> remaining, String seen,
      List<String> deferredSubscriptionIds, List<Long> touchedOrganizationIds, EarlierInvocations totals,
      List<HeldChange> heldChanges) {}

  /** An {@link EntityChange} as stored: entity and action by name, each field by its column. */
  private record HeldChange(
      Entity entity, Long entityId, String stripeId, Action action, List<HeldField> changes, Integer expectedVersion,
      Long organizationId) {
    static HeldChange of(EntityChange c) {
      return new HeldChange(c.entity(), c.entityId(), c.stripeId(), c.action(),
          c.changes().stream().map(f -> new HeldField(f.field().column(), f.from(), f.to())).toList(),
          c.expectedVersion(), c.organizationId());
    }

    EntityChange change() {
      return new EntityChange(entity, entityId, stripeId, action,
          changes.stream().map(f -> new FieldChange(Field.of(entity, f.column()), f.from(), f.to())).toList(),
          expectedVersion, organizationId);
    }
  }

  private record HeldField(String column, String from, String to) {}

  private ResumeStateCodec() {}

  static String encode(ResumeState state) {
    try {
      return MAPPER.writeValueAsString(
          new Stored(VERSION, state.invocations(), state.force(), state.remaining(), packFingerprints(state.seen()),
              state.deferredSubscriptionIds(), state.touchedOrganizationIds(), state.totals(),
              state.heldChanges().stream().map(HeldChange::of).toList()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("resume state cannot be serialised", e);
    }
  }

  /** @throws IllegalArgumentException when the text is not a resume state of this format version */
  public static ResumeState decode(String text) {
    Stored stored;
    try {
      stored = MAPPER.readValue(text, Stored.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable resume state");
    }
    if (stored.version() != VERSION) {
      throw new IllegalArgumentException("resume state of format version " + stored.version() + " (expected "
          + VERSION + ")");
    }
    return new ResumeState(stored.invocations(), stored.force(), stored.remaining(),
        unpackFingerprints(stored.seen()), stored.deferredSubscriptionIds(), stored.touchedOrganizationIds(),
        stored.totals() == null ? EarlierInvocations.none() : stored.totals(),
        stored.heldChanges() == null ? List.of() : stored.heldChanges().stream().map(HeldChange::change).toList());
  }

  static String packFingerprints(long[] sorted) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
      out.writeInt(sorted.length);
      long previous = 0;
      for (long value : sorted) {
        out.writeLong(value - previous); // deltas of sorted values: high bytes mostly zero, gzip takes them
        previous = value;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  static long[] unpackFingerprints(String packed) {
    if (packed == null || packed.isEmpty()) {
      return new long[0];
    }
    try (DataInputStream in =
        new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(packed))))) {
      long[] values = new long[in.readInt()];
      long previous = 0;
      for (int i = 0; i < values.length; i++) {
        previous += in.readLong();
        values[i] = previous;
      }
      return values;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("unreadable subscription fingerprints in the resume state");
    }
  }
}

package dev.haingestor.ingestion.backfill;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Recovering missing events from HA's recorder ({@code BACKFILL_*}).
 *
 * @param enabled whether gaps are backfilled at all ({@code BACKFILL_ENABLED})
 * @param maxWindow the oldest data asked for, counted back from a gap's end ({@code
 *     BACKFILL_MAX_WINDOW}); HA purges raw states after {@code purge_keep_days} (default 10)
 * @param entityChunk entity ids per history request ({@code BACKFILL_ENTITY_CHUNK})
 * @param timeChunk the longest time span per history request ({@code BACKFILL_TIME_CHUNK}); with
 *     the entity chunk it bounds an answer's size, which must stay below {@code HA_MAX_FRAME_SIZE}.
 *     The span asked adapts to the recorder's density (see {@code TimeChunk})
 * @param requestTimeout bound on one history request ({@code BACKFILL_REQUEST_TIMEOUT})
 * @param attempts attempts per request before the run stops and its gaps wait for the next trigger
 *     ({@code BACKFILL_ATTEMPTS})
 * @param retryDelay pause between attempts ({@code BACKFILL_RETRY_DELAY})
 * @param commitInterval the recorder's {@code commit_interval} ({@code BACKFILL_COMMIT_INTERVAL}):
 *     the newest seconds of a window are asked for again after it, when the recorder has written
 *     them
 * @param firstEventWait after a reconnect, how long to wait for the first live event, whose time
 *     ends the window to backfill; without one the window ends now ({@code
 *     BACKFILL_FIRST_EVENT_WAIT})
 * @param batchSize events handed to the publisher at a time ({@code BACKFILL_BATCH_SIZE})
 * @param recheckInterval while connected, how often open gaps left by a failed run are tried again
 *     ({@code BACKFILL_RECHECK_INTERVAL})
 */
@Validated
@ConfigurationProperties(prefix = "backfill")
public record BackfillProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DurationMin(minutes = 1) @DefaultValue("10d") Duration maxWindow,
    @Min(1) @Max(1_000) @DefaultValue("50") int entityChunk,
    @NotNull @DurationMin(seconds = 1) @DefaultValue("15m") Duration timeChunk,
    @NotNull @DurationMin(millis = 100) @DefaultValue("60s") Duration requestTimeout,
    @Min(1) @Max(100) @DefaultValue("3") int attempts,
    @NotNull @DurationMin(millis = 1) @DefaultValue("2s") Duration retryDelay,
    @NotNull @DefaultValue("5s") Duration commitInterval,
    @NotNull @DefaultValue("5s") Duration firstEventWait,
    @Min(1) @Max(5_000) @DefaultValue("500") int batchSize,
    @NotNull @DurationMin(millis = 100) @DefaultValue("30s") Duration recheckInterval) {}

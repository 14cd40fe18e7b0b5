package io.warden.gateway.footage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.mp4parser.boxes.iso14496.part12.ChunkOffset64BitBox;
import org.mp4parser.boxes.iso14496.part12.DataEntryUrlBox;
import org.mp4parser.boxes.iso14496.part12.DataInformationBox;
import org.mp4parser.boxes.iso14496.part12.DataReferenceBox;
import org.mp4parser.boxes.iso14496.part12.HandlerBox;
import org.mp4parser.boxes.iso14496.part12.MediaBox;
import org.mp4parser.boxes.iso14496.part12.MediaHeaderBox;
import org.mp4parser.boxes.iso14496.part12.MediaInformationBox;
import org.mp4parser.boxes.iso14496.part12.MovieBox;
import org.mp4parser.boxes.iso14496.part12.MovieHeaderBox;
import org.mp4parser.boxes.iso14496.part12.SampleDescriptionBox;
import org.mp4parser.boxes.iso14496.part12.SampleSizeBox;
import org.mp4parser.boxes.iso14496.part12.SampleTableBox;
import org.mp4parser.boxes.iso14496.part12.SampleToChunkBox;
import org.mp4parser.boxes.iso14496.part12.SyncSampleBox;
import org.mp4parser.boxes.iso14496.part12.TimeToSampleBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.boxes.iso14496.part12.TrackHeaderBox;
import org.mp4parser.boxes.iso14496.part12.VideoMediaHeaderBox;

/**
 * The index of one clip's single video track while it is written: per sample its size, duration
 * and whether it is a sync sample, in primitive arrays (a few bytes per frame, never frame data).
 * At the end it becomes the {@code moov} box. The samples lie back to back in {@code mdat} from
 * {@code dataOffset} on, grouped in chunks of {@link #SAMPLES_PER_CHUNK}. Not thread-safe.
 */
final class Mp4SampleTable {
    static final long TIMESCALE = 90_000;
    private static final int SAMPLES_PER_CHUNK = 32;

    private int[] sizes = new int[1024];
    private int[] durations = new int[1024];
    private int[] syncs = new int[64];
    private int count;
    private int syncCount;

    int count() {
        return count;
    }

    /** Appends a sample whose duration is set later with {@link #setLastDuration}. */
    void add(int size, boolean sync) {
        if (count == sizes.length) {
            sizes = Arrays.copyOf(sizes, count * 2);
            durations = Arrays.copyOf(durations, count * 2);
        }
        sizes[count++] = size;
        if (sync) {
            if (syncCount == syncs.length) syncs = Arrays.copyOf(syncs, syncCount * 2);
            syncs[syncCount++] = count; // 1-based sample number
        }
    }

    void setLastDuration(long ticks) {
        durations[count - 1] = (int) ticks;
    }

    /** Duration of sample {@code i} (0-based) on the 90 kHz clock. */
    long duration(int i) {
        return durations[i];
    }

    long totalDuration() {
        long d = 0;
        for (int i = 0; i < count; i++) d += durations[i];
        return d;
    }

    void clear() {
        count = 0;
        syncCount = 0;
    }

    /** The movie box for these samples; {@code dataOffset} is where the first sample's bytes start in the file. */
    MovieBox movieBox(Mp4AvcSampleEntry avc, long dataOffset, Date created) {
        long duration = totalDuration();
        MovieBox moov = new MovieBox();
        MovieHeaderBox mvhd = new MovieHeaderBox();
        mvhd.setCreationTime(created);
        mvhd.setModificationTime(created);
        mvhd.setTimescale(TIMESCALE);
        mvhd.setDuration(duration);
        mvhd.setNextTrackId(2);
        moov.addBox(mvhd);

        TrackBox trak = new TrackBox();
        TrackHeaderBox tkhd = new TrackHeaderBox();
        tkhd.setEnabled(true);
        tkhd.setInMovie(true);
        tkhd.setInPreview(true);
        tkhd.setCreationTime(created);
        tkhd.setModificationTime(created);
        tkhd.setTrackId(1);
        tkhd.setDuration(duration);
        tkhd.setWidth(avc.width());
        tkhd.setHeight(avc.height());
        trak.addBox(tkhd);

        MediaBox mdia = new MediaBox();
        MediaHeaderBox mdhd = new MediaHeaderBox();
        mdhd.setCreationTime(created);
        mdhd.setModificationTime(created);
        mdhd.setTimescale(TIMESCALE);
        mdhd.setDuration(duration);
        mdhd.setLanguage("und");
        mdia.addBox(mdhd);
        HandlerBox hdlr = new HandlerBox();
        hdlr.setHandlerType("vide");
        hdlr.setName("VideoHandler");
        mdia.addBox(hdlr);

        MediaInformationBox minf = new MediaInformationBox();
        minf.addBox(new VideoMediaHeaderBox());
        DataInformationBox dinf = new DataInformationBox();
        DataReferenceBox dref = new DataReferenceBox();
        DataEntryUrlBox url = new DataEntryUrlBox();
        url.setFlags(1); // the media data is in this file
        dref.addBox(url);
        dinf.addBox(dref);
        minf.addBox(dinf);
        minf.addBox(sampleTable(avc, dataOffset));
        mdia.addBox(minf);
        trak.addBox(mdia);
        moov.addBox(trak);
        return moov;
    }

    private SampleTableBox sampleTable(Mp4AvcSampleEntry avc, long dataOffset) {
        SampleTableBox stbl = new SampleTableBox();
        SampleDescriptionBox stsd = new SampleDescriptionBox();
        stsd.addBox(avc.entry());
        stbl.addBox(stsd);

        List<TimeToSampleBox.Entry> stts = new ArrayList<>();
        TimeToSampleBox.Entry run = null;
        for (int i = 0; i < count; i++) {
            if (run != null && run.getDelta() == durations[i]) {
                run.setCount(run.getCount() + 1);
            } else {
                run = new TimeToSampleBox.Entry(1, durations[i]);
                stts.add(run);
            }
        }
        TimeToSampleBox sttsBox = new TimeToSampleBox();
        sttsBox.setEntries(stts);
        stbl.addBox(sttsBox);

        SyncSampleBox stss = new SyncSampleBox();
        long[] syncNumbers = new long[syncCount];
        for (int i = 0; i < syncCount; i++) syncNumbers[i] = syncs[i];
        stss.setSampleNumber(syncNumbers);
        stbl.addBox(stss);

        int chunks = (count + SAMPLES_PER_CHUNK - 1) / SAMPLES_PER_CHUNK;
        int lastChunkSamples = count - (chunks - 1) * SAMPLES_PER_CHUNK;
        List<SampleToChunkBox.Entry> stsc = new ArrayList<>();
        if (chunks > 1) stsc.add(new SampleToChunkBox.Entry(1, SAMPLES_PER_CHUNK, 1));
        if (chunks == 1 || lastChunkSamples != SAMPLES_PER_CHUNK) stsc.add(new SampleToChunkBox.Entry(chunks, lastChunkSamples, 1));
        SampleToChunkBox stscBox = new SampleToChunkBox();
        stscBox.setEntries(stsc);
        stbl.addBox(stscBox);

        long[] sampleSizes = new long[count];
        long[] offsets = new long[chunks];
        long offset = dataOffset;
        for (int i = 0; i < count; i++) {
            if (i % SAMPLES_PER_CHUNK == 0) offsets[i / SAMPLES_PER_CHUNK] = offset;
            sampleSizes[i] = sizes[i];
            offset += sizes[i];
        }
        SampleSizeBox stsz = new SampleSizeBox();
        stsz.setSampleSizes(sampleSizes);
        stbl.addBox(stsz);
        // 64-bit offsets: an hour of high-bitrate footage passes 4 GiB
        ChunkOffset64BitBox co64 = new ChunkOffset64BitBox();
        co64.setChunkOffsets(offsets);
        stbl.addBox(co64);
        return stbl;
    }
}

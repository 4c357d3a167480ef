package vm

import (
	"sync"

	"vmcore/store"
)

// Checkpoints are committed behind the hart's back. Hashing the state and
// copying a snapshot must happen at the exact instant, on the hart's
// goroutine; storing them (compressing the snapshot, appending, waiting for
// the fsync) need not, and on a machine with a second core it then costs
// the hart nothing. Nothing a person acknowledged travels this way:
// console input and debugger writes are committed synchronously, after the
// queue has drained, so the stream keeps its order and exact versions.

// asyncJob is one checkpoint's worth of storing: an optional snapshot,
// then the events, appended expecting the stream at version expected.
type asyncJob struct {
	snapIcount uint64
	snap       []byte // nil: none
	expected   uint64
	events     []Event
	data       []store.EventData
	done       chan struct{} // a barrier: closed when reached, nothing stored
}

// asyncCommitter stores jobs in order on its own goroutine.
type asyncCommitter struct {
	jobs chan asyncJob
	wg   sync.WaitGroup
	mu   sync.Mutex
	err  error // the first failure; later jobs are dropped
}

// asyncQueue bounds the checkpoints in flight, so that a slow disk slows
// the hart rather than filling memory with snapshots.
const asyncQueue = 4

// commitAsync hands the aggregate's uncommitted events (and snap, the
// marshalled snapshot at snapIcount, if any) to the committer and marks
// them committed. A failure surfaces from the next synchronous commit.
func (j *Journal) commitAsync(snapIcount uint64, snap []byte) error {
	if err := j.asyncErr(); err != nil {
		return err
	}
	expected, events := j.vm.Uncommitted()
	if len(events) == 0 && snap == nil {
		return nil
	}
	data, err := encodeEvents(events)
	if err != nil {
		return err
	}
	j.vm.MarkCommitted()
	if j.async == nil {
		j.async = &asyncCommitter{jobs: make(chan asyncJob, asyncQueue)}
		j.async.wg.Add(1)
		go j.async.loop(j)
	}
	j.async.jobs <- asyncJob{snapIcount: snapIcount, snap: snap, expected: expected, events: events, data: data}
	return nil
}

func (a *asyncCommitter) loop(j *Journal) {
	defer a.wg.Done()
	for job := range a.jobs {
		if job.done != nil {
			close(job.done)
			continue
		}
		a.mu.Lock()
		failed := a.err != nil
		a.mu.Unlock()
		if failed {
			continue
		}
		if err := j.store(job); err != nil {
			a.mu.Lock()
			a.err = err
			a.mu.Unlock()
		}
	}
}

// store carries out one job: the snapshot first, so that a SnapshotTaken
// event never names a snapshot that is not there.
func (j *Journal) store(job asyncJob) error {
	id := j.vm.ID()
	if job.snap != nil {
		if err := j.st.SaveSnapshot(j.ctx, id, job.snapIcount, job.snap); err != nil {
			return Wrap(KindStorage, "save snapshot of", "session "+id.String(), err)
		}
	}
	if len(job.data) == 0 {
		return nil
	}
	if _, err := j.st.Append(j.ctx, id, store.Exact(job.expected), job.data...); err != nil {
		return Wrap(KindStorage, "append events to", "session "+id.String(), err)
	}
	if j.opts.Bus != nil {
		for _, e := range job.events {
			if err := j.opts.Bus.Publish(e); err != nil {
				return err
			}
		}
	}
	return nil
}

func (j *Journal) asyncErr() error {
	if j.async == nil {
		return nil
	}
	j.async.mu.Lock()
	defer j.async.mu.Unlock()
	return j.async.err
}

// drain waits until every queued job is stored and reports the first
// failure.
func (j *Journal) drain() error {
	if j.async == nil {
		return nil
	}
	done := make(chan struct{})
	j.async.jobs <- asyncJob{done: done}
	<-done
	return j.asyncErr()
}

// stopAsync drains the queue and ends the committer's goroutine.
func (j *Journal) stopAsync() error {
	if j.async == nil {
		return nil
	}
	close(j.async.jobs)
	j.async.wg.Wait()
	err := j.asyncErr()
	j.async = nil
	return err
}

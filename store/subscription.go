package store

import (
	"context"
	"sync"
)

// SubscriptionBuffer is how many records a Subscription holds ready for its
// consumer.
const SubscriptionBuffer = 256

// subscriptionPage is how many records a Subscription reads per query.
const subscriptionPage = 512

// Subscription delivers records in global order: first those stored at the
// time of Subscribe, then new ones as they commit.
//
// It pulls from the store instead of having writers push to it, so a slow
// consumer never slows Append and never loses a record: it only falls behind,
// and its goroutine catches up from the store when the consumer drains C.
// At most SubscriptionBuffer records wait in C.
type Subscription struct {
	c      chan Record
	cancel context.CancelFunc
	done   chan struct{}

	mu     sync.Mutex
	err    error
	closed bool
}

// C delivers the records. It is closed when the subscription ends; Err then
// tells why.
func (s *Subscription) C() <-chan Record { return s.c }

// Err returns why the subscription ended: nil after Close, the context's
// error when its context ended, ErrClosed when the store closed, or a read
// error such as a *CorruptError (resubscribe at its Position+1 to skip it).
// It returns nil while the subscription runs.
func (s *Subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close ends the subscription and waits for its goroutine to stop.
func (s *Subscription) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	<-s.done
	return nil
}

func (s *Subscription) finish(err error) {
	s.mu.Lock()
	if !s.closed {
		s.err = err
	}
	s.mu.Unlock()
	close(s.c)
	close(s.done)
}

// ReadAllFunc reads records in global order, as EventStore.ReadAll does.
type ReadAllFunc func(ctx context.Context, from uint64, max int) ([]Record, error)

// Follow starts a Subscription from global position from, reading with read
// and waiting on n for new commits. It is the one subscription engine shared
// by the implementations, so that they behave the same.
func Follow(ctx context.Context, from uint64, read ReadAllFunc, n *Notifier) *Subscription {
	ctx, cancel := context.WithCancel(ctx)
	s := &Subscription{c: make(chan Record, SubscriptionBuffer), cancel: cancel, done: make(chan struct{})}
	go func() {
		next := from
		for {
			// Take the wake-up channel before reading so that a commit landing
			// between the read and the wait is not missed.
			changed := n.Changed()
			recs, err := read(ctx, next, subscriptionPage)
			for _, r := range recs {
				select {
				case s.c <- r:
					next = r.GlobalPosition + 1
				case <-ctx.Done():
					s.finish(ctx.Err())
					return
				}
			}
			if err != nil {
				s.finish(err)
				return
			}
			if len(recs) == subscriptionPage {
				continue
			}
			select {
			case <-changed:
			case <-ctx.Done():
				s.finish(ctx.Err())
				return
			}
		}
	}()
	return s
}

// Notifier wakes subscriptions when records commit or the store closes.
// The zero value is ready to use.
type Notifier struct {
	mu sync.Mutex
	ch chan struct{}
}

// Changed returns a channel that is closed at the next Notify.
func (n *Notifier) Changed() <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch == nil {
		n.ch = make(chan struct{})
	}
	return n.ch
}

// Notify wakes everyone waiting on a channel from Changed.
func (n *Notifier) Notify() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.ch != nil {
		close(n.ch)
		n.ch = nil
	}
}

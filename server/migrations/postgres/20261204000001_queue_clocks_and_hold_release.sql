-- Two things people act on by date.
--
-- 1. The queue puts carers of terminally ill people first, and among them
-- the one whose next statutory clock falls due first (the most overdue).
-- Working days skip public holidays, which only the server knows, so the
-- server works the day out at hand-off and stores it here; the queue is
-- then ordered in SQL over every waiting plan, not only the page fetched.
-- It is null for a plan with no clocks (the person is not terminally ill).
alter table handoffs add column next_due_on text;

-- Plans already handed off: the first clock running is the plan offer, due
-- on the second working day beginning with the day the carer was identified.
-- SQL knows weekends but not holidays, so a plan whose first days crossed a
-- bank holiday gets a day one early: it moves up the queue, never down.
-- isodow is 1 on a Monday to 7 on a Sunday.
update handoffs
set next_due_on = to_char(identified_on::date + case extract(isodow from identified_on::date)
    when 5 then 3 -- a Friday: day 2 is Monday
    when 6 then 3 -- a Saturday: day 1 is Monday, day 2 Tuesday
    when 7 then 2 -- a Sunday: the same
    else 1 end, 'YYYY-MM-DD')
where urgent = 1;

-- The queue's order, walked by one index.
drop index handoffs_queue;
create index handoffs_queue on handoffs (status, urgent desc, next_due_on, top_impact desc, handed_off_at, carer_id);

-- 2. When a manager releases a legal hold, the carer is told their plan
-- will be deleted after all, and by when (the date may move on: a hold can
-- outlast the date first promised). A new hold clears it.
alter table deletion_requests add column released_at bigint;

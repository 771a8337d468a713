create or replace view v_author as
select
    t.id as _order,
    t.id as id,
    lower(concat_ws(' ', t.name, t.bio)) as _search,
    jsonb_build_object(
        'id', t.id::text,
        'name', t.name,
        'email', t.email,
        'website', t.website,
        'bio', t.bio,
        'royalty_rate', t.royalty_rate
    ) as data
from tb_author as t;

drop index tb_author_search_trgm;

create or replace view v_book as
select
    t.pk_book as _order,
    t.id as id,
    lower(concat_ws(' ', t.title)) as _search,
    jsonb_build_object(
        'id', t.id,
        'title', t.title,
        'author', r_author.data,
        'status', t.status,
        'price', t.price::text,
        'rating', t.rating,
        'pages', t.pages,
        'published_on', t.published_on,
        'in_print', t.in_print,
        'added_at', t.added_at,
        'updated_at', t.updated_at,
        'sequel_to', case when r_sequel_to.id is null then null else jsonb_build_object('id', r_sequel_to.id, 'title', r_sequel_to.title, 'status', r_sequel_to.status, 'price', r_sequel_to.price::text, 'rating', r_sequel_to.rating, 'pages', r_sequel_to.pages, 'published_on', r_sequel_to.published_on, 'in_print', r_sequel_to.in_print, 'added_at', r_sequel_to.added_at, 'updated_at', r_sequel_to.updated_at, 'format', r_sequel_to.format, 'copies', r_sequel_to.copies) end,
        'format', t.format,
        'copies', t.copies
    ) as data
from tb_book as t
join v_author as r_author on r_author.id = t.author_id
left join tb_book as r_sequel_to on r_sequel_to.id = t.sequel_to_id;

drop index tb_book_search_trgm;

create or replace view v_loan as
select
    t.id as _order,
    t.id as id,
    lower(concat_ws(' ', t.borrower)) as _search,
    jsonb_build_object(
        'id', t.id::text,
        'book', r_book.data,
        'borrower', t.borrower,
        'due_on', t.due_on,
        'returned', t.returned,
        'copy_number', t.copy_number,
        'returned_at', t.returned_at,
        'fine', t.fine::text,
        'ticket', t.ticket
    ) as data
from tb_loan as t
join v_book as r_book on r_book.id = t.book_id;

drop index tb_loan_search_trgm;

drop extension if exists pg_trgm;

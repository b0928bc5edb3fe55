-- Corrections to the element texts seeded by 001 (shared/spec/wording.md, "Known corrections"):
-- question 7 reads "pendapat Saudara tentang perilaku petugas", and in English answer 2 is always the
-- negative side ("Not very competent", not "Somewhat competent"). Only a text still as seeded changes.
-- Forward-only: never edit this file once landed; add a new numbered file instead.
-- The same statements run on PostgreSQL (pg/011-wording-corrections.sql).

UPDATE element_texts
   SET question = 'Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?'
 WHERE element_code = 'PERILAKU' AND lang = 'id'
   AND question = 'Bagaimana pendapat Saudara perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?';

UPDATE element_texts SET label_2 = 'Not very competent'
 WHERE element_code = 'KOMPETENSI' AND lang = 'en' AND label_2 = 'Somewhat competent';

UPDATE element_texts SET label_2 = 'Not very polite or friendly'
 WHERE element_code = 'PERILAKU' AND lang = 'en' AND label_2 = 'Somewhat polite and friendly';

/**
 * The latent-class vocabulary of the synthetic corpus.
 *
 * Why a hand-made lexicon: the embedded model must learn word classes (sentiment, topic, nonce
 * kinds) from plain text alone, and the classification documents reuse the same words, so that
 * a tiny model can only solve them by reading the label mapping from the demonstrations.
 */

export const GOOD_ADJECTIVES = [
  'great', 'wonderful', 'excellent', 'superb', 'delightful', 'lovely', 'brilliant', 'charming',
  'pleasant', 'fantastic', 'splendid', 'gorgeous', 'fresh', 'friendly', 'elegant', 'clever',
  'joyful', 'perfect', 'beautiful', 'amazing', 'marvelous', 'graceful', 'generous', 'cheerful',
  'tasty', 'smooth', 'vivid', 'solid', 'gentle', 'bright', 'warm', 'sweet', 'stunning', 'calm',
  'neat', 'fun', 'rich', 'clean', 'kind', 'nice',
] as const;

export const BAD_ADJECTIVES = [
  'terrible', 'awful', 'horrible', 'dreadful', 'boring', 'dull', 'bland', 'rude', 'poor', 'nasty',
  'ugly', 'stale', 'clumsy', 'tedious', 'messy', 'weak', 'sloppy', 'lousy', 'miserable', 'painful',
  'noisy', 'dirty', 'broken', 'shabby', 'gloomy', 'bitter', 'greasy', 'cheap', 'flat', 'slow',
  'sour', 'harsh', 'awkward', 'grim', 'soggy', 'bleak', 'cruel', 'lazy', 'sad', 'bad',
] as const;

export const GOOD_VERBS = ['loved', 'enjoyed', 'adored', 'liked', 'praised', 'admired'] as const;
export const BAD_VERBS = ['hated', 'disliked', 'regretted', 'avoided', 'resented', 'loathed'] as const;

export const GOOD_ADVERBS = ['happily', 'gladly', 'warmly', 'proudly'] as const;
export const BAD_ADVERBS = ['sadly', 'barely', 'grimly', 'angrily'] as const;

/** Topic nouns; a topic's name is used as a natural label word in a minority of documents. */
export const TOPICS: Record<string, readonly string[]> = {
  food: ['soup', 'bread', 'pasta', 'chef', 'menu', 'dessert', 'salad', 'cheese', 'pizza', 'steak', 'cake', 'sauce', 'rice', 'coffee', 'meal', 'kitchen'],
  sports: ['team', 'match', 'goal', 'coach', 'player', 'league', 'stadium', 'race', 'ball', 'season', 'referee', 'score', 'runner', 'club', 'game', 'trophy'],
  weather: ['rain', 'storm', 'cloud', 'wind', 'snow', 'sky', 'fog', 'thunder', 'breeze', 'frost', 'sunshine', 'forecast', 'heat', 'drizzle', 'hail', 'weather'],
  music: ['song', 'band', 'guitar', 'album', 'singer', 'concert', 'drum', 'piano', 'melody', 'chorus', 'violin', 'tune', 'lyrics', 'rhythm', 'orchestra', 'music'],
  tech: ['phone', 'laptop', 'screen', 'battery', 'software', 'keyboard', 'camera', 'app', 'charger', 'printer', 'tablet', 'router', 'update', 'mouse', 'computer', 'server'],
  travel: ['hotel', 'flight', 'beach', 'airport', 'train', 'ticket', 'island', 'tour', 'museum', 'harbor', 'luggage', 'resort', 'village', 'cruise', 'trip', 'road'],
  film: ['movie', 'actor', 'plot', 'scene', 'director', 'script', 'cinema', 'sequel', 'trailer', 'cast', 'ending', 'villain', 'hero', 'studio', 'story', 'film'],
};

/** Nonce word kinds; the plain text says which kind each nonce word is. */
export const NONCE_KINDS = ['plant', 'stone', 'insect', 'tool'] as const;

/**
 * Label words for classification documents, drawn at random per document.
 * "Positive" and "Negative" are deliberately absent: they are the held-out task's label words.
 */
export const LABEL_POOL = [
  'red', 'blue', 'green', 'yellow', 'purple', 'orange', 'black', 'white', 'pink', 'gray', 'brown',
  'cat', 'dog', 'bird', 'fish', 'horse', 'cow', 'lion', 'tiger', 'bear', 'wolf', 'fox', 'owl',
  'A', 'B', 'C', 'D', 'X', 'Y', 'Z', '0', '1', '2', '3', '4', '5',
  'yes', 'no', 'true', 'false', 'up', 'down', 'left', 'right', 'hot', 'cold', 'high', 'low', 'on', 'off',
  'alpha', 'beta', 'gamma', 'delta', 'one', 'two', 'three', 'four',
  'Yes', 'No', 'True', 'False', 'Red', 'Blue', 'Green', 'Apple', 'Banana', 'Cherry', 'Lemon',
  'Alpha', 'Beta', 'Gamma', 'Delta', 'North', 'South', 'East', 'West', 'Cat', 'Dog', 'Bird',
  'Sun', 'Moon', 'Star', 'Stone', 'Tree', 'River', 'Gold', 'Silver', 'Iron', 'Glass',
  'First', 'Second', 'Third', 'Left', 'Right', 'Top', 'Bottom', 'Pass', 'Fail', 'Keep', 'Drop',
  'zup', 'mib', 'wex', 'tov', 'Zup', 'Mib', 'Wex', 'Tov', 'Kep', 'Rul',
] as const;

/** Natural label pairs for sentiment (good first) used in a minority of documents. */
export const NATURAL_SENTIMENT_LABELS: ReadonlyArray<readonly [string, string]> = [
  ['good', 'bad'], ['Good', 'Bad'], ['great', 'terrible'], ['Great', 'Terrible'], ['happy', 'sad'],
  ['Happy', 'Sad'], ['like', 'dislike'], ['Like', 'Dislike'], ['pos', 'neg'], ['Pos', 'Neg'],
];

/** The held-out task's label words: never label words in training. */
export const HELDOUT_LABELS = { negative: 'Negative', positive: 'Positive' } as const;

/** Input and output field names. Sentiment and topic tasks draw from partly shared pools. */
export const SENTIMENT_INPUT_FIELDS = ['Review', 'Comment', 'Text', 'Input', 'Sentence', 'Q', 'Feedback'] as const;
export const SENTIMENT_OUTPUT_FIELDS = ['Sentiment', 'Label', 'Answer', 'Rating', 'Verdict', 'Output', 'A', 'Mood'] as const;
export const TOPIC_INPUT_FIELDS = ['Text', 'Input', 'Article', 'Sentence', 'Q', 'Headline', 'Review'] as const;
export const TOPIC_OUTPUT_FIELDS = ['Topic', 'Label', 'Category', 'Answer', 'Output', 'A', 'Section'] as const;
export const NONCE_INPUT_FIELDS = ['Words', 'Input', 'Item', 'Q', 'Text'] as const;
export const NONCE_OUTPUT_FIELDS = ['Kind', 'Label', 'Class', 'Answer', 'Output', 'A', 'Group'] as const;

/** Short instructions placed before some documents' demonstrations. */
export const INSTRUCTIONS: Record<'sentiment' | 'topic' | 'nonce', readonly string[]> = {
  sentiment: ['Classify the sentiment of each review.', 'Is the review good or bad?', 'Sentiment analysis.', 'Label each comment.'],
  topic: ['Classify the topic of each text.', 'What is the text about?', 'Topic classification.', 'Label each text.'],
  nonce: ['Sort the words into groups.', 'What kind of thing is it?', 'Label each item.'],
};

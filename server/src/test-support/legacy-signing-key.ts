/** A real ES256 key sealed by the home-made AES-GCM envelope that came before JWE (databases still hold these). */
export const LEGACY_SIGNING_KEY = {
  sessionSecret: 'session-secret-a-long-enough-for-tests',
  kid: 'JIq6BNZifTL5T779_DkrFk9ZWXl-k3V0Vhf1GkacKto',
  publicJwk: {
    kty: 'EC',
    x: 'Micxo353wSpj-ddhoJxA3ldXKSLT06RqWbeslZibcMk',
    y: 'fMOzYpO_-_h8ppL21_LOYTFg6QvdaRA6rbfAHgm2o9M',
    crv: 'P-256',
    kid: 'JIq6BNZifTL5T779_DkrFk9ZWXl-k3V0Vhf1GkacKto',
    alg: 'ES256',
    use: 'sig',
  },
  privateJwkEncrypted:
    'v1.LUpRpyoLiH-DhWv0.3oJCUbY5hKRUG3Sp_Cl5dNwvk2pWhARBtdZaxyKNtRjfshogM-8tgpxWxDkWZtWQm7dO_MBTg8UeO7O3gm8Jdo3yurttIkM3qt8ACmhCjJ_HEB2WdEsPNvvRKnQJg6jSgaZdVEKgZ0zVprTNQF_61yx91Z6nRmf-t1hpJYlo1eGyakxXD4KD6CO4bUC60VOGh4H9F3gVznj19sONI-D_FvB1cyb8QI6DiHVATfVt-W8.UzEnsUwGtCjSxPPrbReDqQ',
};

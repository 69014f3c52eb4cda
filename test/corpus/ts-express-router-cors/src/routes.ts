import { Router } from 'express';
import cors from 'cors';

export const router = Router();
router.use(cors({ origin: 'https://app.example.com' }));
router.get('/items', (req, res) => {
  res.json({ items: [], tenant: req.headers['x-tenant-id'] });
});
